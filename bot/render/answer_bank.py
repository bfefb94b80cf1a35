"""What SonoPath says when a question about sonography has no sourced answer in its answer bank."""

from __future__ import annotations

NO_SOURCED_ANSWER = (
    "I don't have a sourced answer to that question, and I'd rather not guess. Here is what I can answer "
    "(every answer names where its facts come from):\n"
    "- the road into sonography: kinds of programs and how long they take, prerequisites, admission, "
    "clinical training, online study, where to find what a program costs, and accreditation\n"
    "- the ARDMS and CCI exams and credentials, keeping them active, and state licensure\n"
    "- the work itself: specialties, physical demands, settings, hours and the job market\n"
    "- sonography beside nearby careers such as radiologic technologist, MRI technologist or registered nurse\n"
    "- pay, outlook, education and certifications for sonographers and the roles they move into, "
    "and schools near you that offer sonography programs"
)
