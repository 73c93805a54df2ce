// Checks of what a WebSocket client may put in a close frame (RFC 6455 section 7.4), and of
// hex text typed for a binary message, with messages the console shows as they are.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace asgiscope::ui {

/// The close frame's limits and checks.
class WebSocketClose {
    Q_DECLARE_TR_FUNCTIONS(WebSocketClose)
public:
    /// A close frame's payload is at most 125 bytes: 2 for the code, 123 for the reason.
    static constexpr int maxReasonBytes = 123;
    static constexpr int defaultCode = 1000;

    /// Whether an endpoint may send `code`: 1000-1003, 1007-1014 (defined), 3000-4999
    /// (registered and private). 1004-1006 and 1015 are reserved and never sent.
    static bool isSendableCode(int code);
    /// An empty string when `code` may be sent, else why not.
    static QString codeError(int code);
    /// An empty string when `reason` fits (UTF-8 bytes), else why not.
    static QString reasonError(const QString& reason);
};

/// Parses hex typed by a person ("48 65 6c", "48656C", "0x48,0x65"): pairs of hex digits,
/// separated by nothing, whitespace, commas or colons, each optionally prefixed by 0x.
/// On failure returns false and says why in `error`.
bool parseHexBytes(const QString& text, QByteArray& out, QString& error);

}  // namespace asgiscope::ui
