#include "models/websocket_close.hpp"

namespace asgiscope::ui {

bool WebSocketClose::isSendableCode(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) ||
           (code >= 3000 && code <= 4999);
}

QString WebSocketClose::codeError(int code) {
    if (isSendableCode(code)) return {};
    if (code >= 1004 && code <= 1006)
        return tr("Close code %1 is reserved and must not be sent (RFC 6455).").arg(code);
    if (code == 1015)
        return tr("Close code 1015 is reserved for a failed TLS handshake and must not be sent.");
    return tr("Close code %1 is not allowed: use 1000-1003, 1007-1014 or 3000-4999.").arg(code);
}

QString WebSocketClose::reasonError(const QString& reason) {
    const qsizetype bytes = reason.toUtf8().size();
    if (bytes <= maxReasonBytes) return {};
    return tr("The close reason is %1 bytes in UTF-8; at most %2 are allowed.")
        .arg(bytes)
        .arg(maxReasonBytes);
}

bool parseHexBytes(const QString& text, QByteArray& out, QString& error) {
    out.clear();
    QString digits;
    const QString s = text.trimmed();
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        if (c.isSpace() || c == u',' || c == u':') continue;
        if (c == u'0' && i + 1 < s.size() && (s[i + 1] == u'x' || s[i + 1] == u'X') &&
            digits.size() % 2 == 0) {
            ++i;
            continue;
        }
        const char16_t u = c.unicode();
        const bool hex = (u >= u'0' && u <= u'9') || (u >= u'a' && u <= u'f') || (u >= u'A' && u <= u'F');
        if (!hex) {
            error = QCoreApplication::translate("WebSocketClose",
                                                "'%1' at position %2 is not a hex digit.")
                        .arg(c)
                        .arg(i + 1);
            return false;
        }
        digits += c;
    }
    if (digits.size() % 2 != 0) {
        error = QCoreApplication::translate("WebSocketClose",
                                            "The hex text has an odd number of digits (%1).")
                    .arg(digits.size());
        return false;
    }
    out = QByteArray::fromHex(digits.toLatin1());
    error.clear();
    return true;
}

}  // namespace asgiscope::ui
