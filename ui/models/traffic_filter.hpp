// TrafficFilter: the Traffic panel's filter language, parsed once and matched per row.
//
//   method:POST status:5xx status:404 route:user path:/api proto:ws -method:GET free text
//
// Terms are separated by spaces; "double quotes" keep spaces in a value. `key:value` terms of
// the same key are alternatives (status:404 status:5xx: either), different keys must all hold,
// a leading '-' excludes what the term matches, and a term without a key must appear in the
// path or the route name. Text compares ignore case; `route:=name` (any text key) compares the
// whole value. Keys:
//   method   request method (WS for WebSocket sessions)
//   status   404, 4xx, >=400, <300 ...
//   route    the matched route's name        path   the request path
//   proto    http/1.1, http/1.0 or ws
//   layer    a layer the request passed      short  a layer that answered without calling inward
//   error    a layer an exception left or was handled in
// Mistakes (an unknown key, a value that is not a status) are reported and the term ignored.
#pragma once

#include <vector>

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include "models/exchange_summary.hpp"

namespace asgiscope::ui {

/// A parsed Traffic filter: matches() a row, errors() says what could not be understood.
class TrafficFilter {
    Q_DECLARE_TR_FUNCTIONS(TrafficFilter)
public:
    /// `flagged`: a layer that short-circuited or that an exception left or was handled in.
    enum class Key { text, method, status, route, path, proto, layer, shortCircuit, error, flagged };

    /// One term of the filter.
    struct Term {
        Key key = Key::text;
        bool negated = false;
        bool exact = false;  ///< `key:=value`
        QString value;       ///< as typed (methods upper-cased)
        // status terms: the accepted range
        int statusMin = 0;
        int statusMax = 0;
    };

    TrafficFilter() = default;
    static TrafficFilter parse(const QString& text);

    /// Whether the filter lets every row through (empty or only invalid terms).
    bool isEmpty() const { return terms_.empty(); }
    const std::vector<Term>& terms() const { return terms_; }
    /// What could not be understood, one line each, for showing under the box.
    const QStringList& errors() const { return errors_; }
    bool matches(const ExchangeSummary& row) const;

    /// The keys the language knows, as typed.
    static QStringList keyNames();
    /// `value` quoted when it holds a space or a quote, for building filter text.
    static QString quoted(const QString& value);

private:
    std::vector<Term> terms_;
    QStringList errors_;
};

}  // namespace asgiscope::ui
