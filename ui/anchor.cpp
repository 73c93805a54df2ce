// Anchor so asgiscope_ui has a source before the first panel lands.
namespace asgiscope::ui {}
