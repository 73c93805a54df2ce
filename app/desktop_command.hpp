// The desktop app: `asgiscope` without a command opens the main window on the demo app.
#pragma once

#include <QStringList>

namespace asgiscope::app {

/// Parses the desktop options (--host, --port, --app) and, when they are good and a display
/// is there, runs the window until it closes; returns the exit code. Usage errors and a
/// missing display are reported on stderr (exit 2) before any QApplication exists.
int desktop_command(int& argc, char** argv, const QStringList& arguments);

}  // namespace asgiscope::app
