"""Hooks other apps listen to (interop sends xAPI statements from them). progress never imports the
listeners: they connect in their own AppConfig.ready(). Each signal is sent once per event, after the
transaction that recorded it has committed."""

from django.dispatch import Signal

# A learner enrolled in a course (the first time). Arguments: enrolment.
enrolled = Signal()
# A learner opened a lesson for the first time. Arguments: progress (LessonProgress), lesson.
lesson_opened = Signal()
# A learner completed a lesson (once). Arguments: progress (LessonProgress), lesson.
lesson_completed = Signal()
# A learner completed a course (once). Arguments: completion (CourseCompletion).
course_completed = Signal()
# An attestation was issued for a course completion (once). Arguments: attestation.
attestation_issued = Signal()
