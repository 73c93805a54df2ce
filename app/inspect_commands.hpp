// `asgiscope routes`, `middleware`, `match`, `url-for` and `openapi`: read-only views of the
// built-in demo app (asgiscope::inspect) for terminals and CI.
#pragma once

#include <QStringList>

namespace asgiscope::app {

/// Each runs its subcommand with its arguments (without the command's name) and returns the
/// exit code: 0, or 2 after a one-line error for bad arguments.
int routes_command(const QStringList& arguments);
int middleware_command(const QStringList& arguments);
int match_command(const QStringList& arguments);
int url_for_command(const QStringList& arguments);
int openapi_command(const QStringList& arguments);

}  // namespace asgiscope::app
