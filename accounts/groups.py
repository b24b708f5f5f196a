"""The four groups of the platform. Their names are used by migrations and tests: change both."""

LEARNERS = "Apprenants"
TRAINERS = "Formateurs"
VRL_TRAINERS = "Formateurs VRL"
ADMINISTRATORS = "Administrateurs"

STAFF_GROUPS = (TRAINERS, VRL_TRAINERS, ADMINISTRATORS)
