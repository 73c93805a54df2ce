// Anchor so asgiscope_ui_models has a source before the first model lands; the models
// themselves are one file pair each in this folder.
namespace asgiscope::ui {}
