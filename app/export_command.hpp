// `asgiscope export --format json|har|chrome IN -o OUT`: converts a trace file (as written by
// `serve --trace`) to the lossless trace JSON again, to HAR 1.2 or to Chrome's trace event
// format; a HAR file is also accepted as IN for --format har (it is read and written again).
#pragma once

#include <QStringList>

namespace asgiscope::app {

/// Runs the subcommand with its arguments (without "export"); returns the exit code: 0 done,
/// 1 the input could not be read or the output written, 2 a usage error.
int export_command(const QStringList& arguments);

}  // namespace asgiscope::app
