// asgiscope_translations carries the compiled .qm files as resources (":/i18n"); this file only
// gives the library a translation unit of its own.
namespace asgiscope::translations {
[[maybe_unused]] constexpr int anchor = 0;
}
