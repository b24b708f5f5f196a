from .pages import (
    COURSE_QUERY_PARAMETER,
    DUPLICATE_MODULE,
    CourseIndexPage,
    CourseModule,
    CoursePage,
    CoursePageForm,
    GlossaryPage,
    LessonPage,
    Licence,
    ModuleLibraryPage,
    ModulePage,
    ModuleSectionPage,
)
from .snippets import GlossaryTerm, Theme

__all__ = [
    "COURSE_QUERY_PARAMETER",
    "DUPLICATE_MODULE",
    "CourseIndexPage",
    "CourseModule",
    "CoursePage",
    "CoursePageForm",
    "GlossaryPage",
    "GlossaryTerm",
    "LessonPage",
    "Licence",
    "ModuleLibraryPage",
    "ModulePage",
    "ModuleSectionPage",
    "Theme",
]
