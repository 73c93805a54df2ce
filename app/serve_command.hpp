// `asgiscope serve`: runs the built-in demo app headlessly with uvicorn's flags.
#pragma once

#include <QStringList>

namespace asgiscope::app {

/// Runs the subcommand with its arguments (without "serve"); returns the exit code.
int serve_command(const QStringList& arguments);

}  // namespace asgiscope::app
