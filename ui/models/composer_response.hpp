// ComposerResponse: what came back for a request the Composer sent, however it was sent
// (loopback or in-process), or why nothing came back.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>

namespace asgiscope::ui {

/// A response, or the error in its place.
struct ComposerResponse {
    /// Empty: a response arrived. Else why not ("Connection refused", "Timed out after 30 s").
    QString error;
    int status = 0;
    QString reason;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    /// Wall time from sending to the last byte, in milliseconds.
    double totalMs = 0;
    bool inProcess = false;

    bool ok() const { return error.isEmpty(); }
    /// The first value of header `name` (case-insensitive), or empty.
    QByteArray header(const QByteArray& name) const {
        for (const auto& [n, v] : headers)
            if (n.compare(name, Qt::CaseInsensitive) == 0) return v;
        return {};
    }
};

}  // namespace asgiscope::ui
Q_DECLARE_METATYPE(asgiscope::ui::ComposerResponse)
