#include "models/traffic_filter.hpp"

#include <array>
#include <utility>

namespace asgiscope::ui {

namespace {

using Key = TrafficFilter::Key;

constexpr std::array<std::pair<const char*, Key>, 9> keys = {{
    {"method", Key::method},
    {"status", Key::status},
    {"route", Key::route},
    {"path", Key::path},
    {"proto", Key::proto},
    {"layer", Key::layer},
    {"short", Key::shortCircuit},
    {"error", Key::error},
    {"flagged", Key::flagged},
}};

struct Token {
    QString text;
    bool quotedKey = false;  // the ':' was inside quotes: not a key
};

/// Splits on spaces outside double quotes and removes the quotes. False: a quote is unclosed.
bool tokenize(const QString& text, std::vector<Token>& out) {
    QString current;
    bool inQuotes = false;
    bool any = false;
    bool quotedColon = false;
    for (QChar c : text) {
        if (c == u'"') {
            inQuotes = !inQuotes;
            any = true;
        } else if (c.isSpace() && !inQuotes) {
            if (any) out.push_back({current, quotedColon});
            current.clear();
            any = false;
            quotedColon = false;
        } else {
            if (c == u':' && inQuotes && !current.contains(u':')) quotedColon = true;
            current += c;
            any = true;
        }
    }
    if (any) out.push_back({current, quotedColon});
    return !inQuotes;
}

bool containsText(std::string_view haystack, const QString& needle, bool exact) {
    const QString h = QString::fromUtf8(haystack.data(), static_cast<qsizetype>(haystack.size()));
    return exact ? h.compare(needle, Qt::CaseInsensitive) == 0 : h.contains(needle, Qt::CaseInsensitive);
}

bool hasSpan(const trace::Trace& t, const TrafficFilter::Term& term) {
    for (const trace::Span& s : t.spans) {
        if (!containsText(s.name, term.value, term.exact)) continue;
        switch (term.key) {
        case Key::layer: return true;
        case Key::shortCircuit:
            if (s.short_circuited) return true;
            break;
        case Key::error:
            if (s.exception) return true;
            break;
        case Key::flagged:
            if (s.short_circuited || s.exception) return true;
            break;
        default: break;
        }
    }
    return false;
}

bool termMatches(const TrafficFilter::Term& term, const ExchangeSummary& row) {
    switch (term.key) {
    case Key::text:
        return containsText(row.path(), term.value, false) || containsText(row.routeName, term.value, false);
    case Key::method: return containsText(row.method(), term.value, true);
    case Key::status: return row.status >= term.statusMin && row.status <= term.statusMax;
    case Key::route: return containsText(row.routeName, term.value, term.exact);
    case Key::path: return containsText(row.path(), term.value, term.exact);
    case Key::proto: return containsText(row.protocol(), term.value, term.exact);
    case Key::layer:
    case Key::shortCircuit:
    case Key::error:
    case Key::flagged: return hasSpan(*row.trace, term);
    }
    return false;
}

/// Parses a status value into [min, max]; false when it is not one.
bool parseStatus(const QString& v, int& min, int& max) {
    bool ok = false;
    if (v.size() == 3 && v[0].isDigit() && v.mid(1).compare(u"xx", Qt::CaseInsensitive) == 0) {
        const int hundred = v[0].digitValue();
        if (hundred < 1 || hundred > 5) return false;
        min = hundred * 100;
        max = min + 99;
        return true;
    }
    QString op;
    for (const char* candidate : {">=", "<=", ">", "<"}) {
        if (v.startsWith(QLatin1String(candidate))) {
            op = QLatin1String(candidate);
            break;
        }
    }
    const int n = v.mid(op.size()).toInt(&ok);
    if (!ok || n < 0 || n > 999) return false;
    if (op.isEmpty()) {
        if (v.size() != 3) return false;
        min = max = n;
    } else if (op == u">=") {
        min = n, max = 999;
    } else if (op == u"<=") {
        min = 0, max = n;
    } else if (op == u">") {
        min = n + 1, max = 999;
    } else {
        min = 0, max = n - 1;
    }
    return true;
}

}  // namespace

QStringList TrafficFilter::keyNames() {
    QStringList out;
    for (const auto& [name, key] : keys) out << QLatin1String(name);
    return out;
}

QString TrafficFilter::quoted(const QString& value) {
    bool needs = value.isEmpty();
    for (QChar c : value)
        if (c.isSpace() || c == u'"') needs = true;
    if (!needs) return value;
    QString v = value;
    v.remove(u'"');
    return u'"' + v + u'"';
}

TrafficFilter TrafficFilter::parse(const QString& text) {
    TrafficFilter f;
    std::vector<Token> tokens;
    if (!tokenize(text, tokens)) f.errors_ << tr("A double quote is not closed.");
    for (const Token& token : tokens) {
        Term term;
        QString t = token.text;
        if (t.startsWith(u'-') && t.size() > 1) {
            term.negated = true;
            t.remove(0, 1);
        }
        const qsizetype colon = token.quotedKey ? -1 : t.indexOf(u':');
        if (colon <= 0) {
            term.key = Key::text;
            term.value = t;
            f.terms_.push_back(term);
            continue;
        }
        const QString keyName = t.left(colon).toLower();
        QString value = t.mid(colon + 1);
        bool known = false;
        for (const auto& [name, key] : keys) {
            if (keyName == QLatin1String(name)) {
                term.key = key;
                known = true;
            }
        }
        if (!known) {
            f.errors_ << tr("Unknown key \"%1\" (known keys: %2).").arg(keyName, keyNames().join(QLatin1String(", ")));
            continue;
        }
        if (value.startsWith(u'=')) {
            term.exact = true;
            value.remove(0, 1);
        }
        if (value.isEmpty() && !(term.exact && term.key == Key::route)) {
            f.errors_ << tr("\"%1:\" needs a value.").arg(keyName);
            continue;
        }
        if (term.key == Key::status) {
            if (!parseStatus(value, term.statusMin, term.statusMax)) {
                f.errors_ << tr("\"%1\" is not a status (write 404, 4xx, >=400 or <300).").arg(value);
                continue;
            }
        } else if (term.key == Key::method) {
            value = value.toUpper();
        }
        term.value = value;
        f.terms_.push_back(term);
    }
    return f;
}

bool TrafficFilter::matches(const ExchangeSummary& row) const {
    if (!row.trace) return false;
    // Positive terms: alternatives within a key, all keys must hold. Free text: every word.
    std::array<int, 9> wanted{};  // per key: positive terms seen
    std::array<bool, 9> satisfied{};
    for (const Term& term : terms_) {
        const bool hit = termMatches(term, row);
        if (term.negated) {
            if (hit) return false;
            continue;
        }
        if (term.key == Key::text) {
            if (!hit) return false;
            continue;
        }
        const auto k = static_cast<std::size_t>(term.key);
        ++wanted[k];
        if (hit) satisfied[k] = true;
    }
    for (std::size_t k = 0; k < wanted.size(); ++k)
        if (wanted[k] > 0 && !satisfied[k]) return false;
    return true;
}

}  // namespace asgiscope::ui
