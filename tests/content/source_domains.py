"""The one allow-list of hosts that demo_content/ may link to (issue #20, « sources faibles »).

A source must point to the publisher of the text or figure it supports: the legal text itself, the public
body that produced the figure, or the organisation speaking for itself. Copies of a page on a commune's
site, aggregators, document-sharing sites, law firms' and press summaries, and domains of bodies that
no longer exist (cget.gouv.fr) are not publishers. A host is allowed when it equals an entry or is a
subdomain of one (``sig.ville.gouv.fr`` is allowed by ``ville.gouv.fr``). Add a domain here only with
the reason it is a primary publisher.
"""

ALLOWED_SOURCE_DOMAINS = {
    # Law, courts, Parliament, audit
    "legifrance.gouv.fr": "Journal officiel, codes and consolidated texts (DILA)",
    "conseil-etat.fr": "Conseil d'État and the administrative courts",
    "assemblee-nationale.fr": "Assemblée nationale",
    "senat.fr": "Sénat (its own reports)",
    "ccomptes.fr": "Cour des comptes",
    "defenseurdesdroits.fr": "Défenseur des droits",
    "cnil.fr": "CNIL",
    # Government, ministries and their services
    "service-public.fr": "DILA, official information for citizens and employers",
    "vie-publique.fr": "DILA, public-policy reports and summaries",
    "gouvernement.fr": "Government (Prime Minister's services)",
    "info.gouv.fr": "Government information service",
    "collectivites-locales.gouv.fr": "DGCL, ministry in charge of local authorities",
    "fonction-publique.gouv.fr": "ministry of the Civil Service",
    "travail-emploi.gouv.fr": "ministry of Labour",
    "education.gouv.fr": "ministry of National Education",
    "solidarites.gouv.fr": "ministry of Solidarity",
    "sante.gouv.fr": "ministry of Health; the ARS sites are ars.sante.fr",
    "ecologie.gouv.fr": "ministry of Ecological Transition",
    "interieur.gouv.fr": "ministry of the Interior",
    "etalab.gouv.fr": "Etalab (DINUM), publisher of the Licence Ouverte",
    "numerique.gouv.fr": "DINUM, including accessibilite.numerique.gouv.fr (RGAA)",
    "data.gouv.fr": "the State's open-data platform",
    "moncompteformation.gouv.fr": "Caisse des Dépôts' official service for the élus' DIFE (Mon Compte Élu)",
    # National agencies and public bodies of politique de la ville
    "agence-cohesion-territoires.gouv.fr": "ANCT",
    "anct.gouv.fr": "ANCT, including formation-laicite.anct.gouv.fr (VRL plan)",
    "observatoire-des-territoires.gouv.fr": "ANCT's observatory, including the ONPV's publications",
    "ville.gouv.fr": "ANCT's SIG Ville (sig.ville.gouv.fr)",
    "anru.fr": "ANRU",
    "insee.fr": "Insee",
    "cnfpt.fr": "CNFPT",
    "caf.fr": "Caisses d'allocations familiales",
    "caissedesdepots.fr": "Caisse des Dépôts (manager of the élus' DIFE)",
    "ademe.fr": "ADEME",
    "plusfraichemaville.fr": "ADEME's « Plus fraîche ma ville » service, publisher of its diagnostic method",
    # Organisations cited for their own work
    "odenore.msh-alpes.fr": "Odenore (research observatory on non-take-up), for its own definitions",
    "ffsu.org": "Forum français pour la sécurité urbaine, for its own guide « La ville la nuit »",
    "millenaire3.com": "Métropole de Lyon's foresight service, for its own study of voting in QPV",
    "tours-metropole.fr": "Tours Métropole, for its own contrat de ville",
    "resovilles.com": "the resource centre itself (programme, webinars, association project)",
    "creativecommons.org": "publisher of the CC BY-SA licence",
}


def host_is_allowed(host: str) -> bool:
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith("." + domain) for domain in ALLOWED_SOURCE_DOMAINS)
