// BuildInfo: the versions a bug report needs (asgiscope, Qt at run time and at build time,
// Boost, OpenSSL, compiler, build type), as label/value pairs and as plain text.
#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace asgiscope::ui {

/// One line of the About dialog: a translated label and its value.
struct BuildInfoItem {
    QString label;
    QString value;
};

/// The versions, in the order the About dialog shows them.
QList<BuildInfoItem> buildInfo();
/// buildInfo() as "label: value" lines, for the clipboard.
QString buildInfoText();

}  // namespace asgiscope::ui
