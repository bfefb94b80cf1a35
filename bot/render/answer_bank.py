"""What SonoPath says when a question about sonography has no sourced answer in its answer bank."""

from __future__ import annotations

NO_SOURCED_ANSWER = (
    "I don't have a sourced answer to that question, and I'd rather not guess. Here is what I can answer "
    "(every answer names where its facts come from):\n"
    "- getting into sonography: kinds of programs and how long they take, prerequisites, admission and "
    "interviews, clinical training, online and evening study, costs and financial aid, accreditation\n"
    "- the ARDMS, CCI and ARRT exams and credentials, retakes, keeping them active, and state licensure\n"
    "- the work itself: what sonographers do, specialties, physical demands and safety, settings, hours, "
    "the job market and the first job\n"
    "- sonography beside nearby careers such as radiologic technologist, nurse or physician assistant\n"
    "- pay, outlook, education and certifications for sonographers and the roles they move into, "
    "and schools near you that offer sonography programs"
)
