// `asgiscope replay FILE --target URL`: sends recorded requests again and compares the answers
// (asgiscope::trace::replay), or `--in-process` against the demo or an --app plugin's app.
#pragma once

#include <QStringList>

namespace asgiscope::app {

/// Runs the subcommand with its arguments (without "replay"); returns the exit code: 0 when
/// every answer is the same, 1 when any differs or failed, 2 for bad arguments or input.
int replay_command(const QStringList& arguments);

}  // namespace asgiscope::app
