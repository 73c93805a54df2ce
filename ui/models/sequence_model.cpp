#include "models/sequence_model.hpp"

#include <algorithm>
#include <QCoreApplication>

namespace asgiscope::ui {

namespace {

const char* const context = "SequenceModel";

QString trText(const char* text) { return QCoreApplication::translate(context, text); }

using Link = std::pair<int, int>;
constexpr Link none{-1, -1};

QString scopeChange(const trace::ScopeView& outer, const trace::ScopeView& inner) {
    QStringList parts;
    if (inner.path_params != outer.path_params) parts << QStringLiteral("path_params ") + pathParamsText(inner.path_params);
    if (inner.route_name != outer.route_name) parts << QStringLiteral("route_name ") + qs(inner.route_name);
    if (inner.root_path != outer.root_path)
        parts << QStringLiteral("root_path ") + (inner.root_path.empty() ? QStringLiteral("\"\"") : qs(inner.root_path));
    if (inner.path != outer.path) parts << QStringLiteral("path ") + qs(inner.path);
    return parts.join(QStringLiteral(", "));
}

}  // namespace

bool messagesDiffer(const trace::MessageEvent& a, const trace::MessageEvent& b) {
    if (a.type != b.type || a.status != b.status || a.more_body != b.more_body || a.code != b.code ||
        a.text != b.text || a.full_size != b.full_size || a.detail != b.detail)
        return true;
    if (a.body.data() != b.body.data() && a.body.view() != b.body.view()) return true;
    if (a.shared_headers != b.shared_headers && a.headers() != b.headers()) return true;
    return false;
}

SequenceModel::SequenceModel(TracePtr trace) : trace_(std::move(trace)) {
    if (trace_) build();
}

int SequenceModel::segmentCount() const {
    int n = 0;
    for (const Row& r : rows_) n += static_cast<int>(r.segments.size());
    return n;
}

int SequenceModel::rowOf(int span, int message) const {
    if (span < 0 || span >= static_cast<int>(rowOf_.size())) return -1;
    const auto& v = rowOf_[static_cast<std::size_t>(span)];
    if (message < 0 || message >= static_cast<int>(v.size())) return -1;
    return v[static_cast<std::size_t>(message)];
}

std::optional<std::pair<int, int>> SequenceModel::previousVersion(int span, int message) const {
    if (rowOf(span, message) < 0) return std::nullopt;
    const Link p = prev_[static_cast<std::size_t>(span)][static_cast<std::size_t>(message)];
    if (p == none) return std::nullopt;
    return p;
}

void SequenceModel::build() {
    const trace::Trace& t = *trace_;
    const int spanCount = static_cast<int>(t.spans.size());
    lanes_.push_back({trText("client"), -1});
    for (int i = 0; i < spanCount; ++i) lanes_.push_back({qs(t.spans[static_cast<std::size_t>(i)].name), i});

    next_.resize(t.spans.size());
    prev_.resize(t.spans.size());
    rowOf_.resize(t.spans.size());
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        next_[i].assign(t.spans[i].messages.size(), none);
        prev_[i].assign(t.spans[i].messages.size(), none);
        rowOf_[i].assign(t.spans[i].messages.size(), -1);
    }

    // Link each child's messages with its parent's: a send goes on outward as the parent's
    // earliest unmatched send of that type at or after it; a receive came in as the parent's
    // latest unmatched receive of that type at or before it.
    for (int c = 0; c < spanCount; ++c) {
        const trace::Span& child = t.spans[static_cast<std::size_t>(c)];
        const int p = child.parent;
        if (p < 0 || p >= spanCount) continue;
        const trace::Span& parent = t.spans[static_cast<std::size_t>(p)];
        // Messages already linked with an earlier sibling are taken.
        std::vector<bool> taken(parent.messages.size(), false);
        for (std::size_t i = 0; i < parent.messages.size(); ++i) {
            const bool isSend = parent.messages[i].direction == trace::Direction::send;
            taken[i] = (isSend ? prev_[static_cast<std::size_t>(p)][i] : next_[static_cast<std::size_t>(p)][i]) != none;
        }
        for (std::size_t m = 0; m < child.messages.size(); ++m) {
            const trace::MessageEvent& e = child.messages[m];
            int best = -1;
            for (std::size_t k = 0; k < parent.messages.size(); ++k) {
                const trace::MessageEvent& q = parent.messages[k];
                if (taken[k] || q.direction != e.direction || q.type != e.type) continue;
                if (e.direction == trace::Direction::send) {
                    if (q.time_ns >= e.time_ns) {
                        best = static_cast<int>(k);
                        break;
                    }
                } else if (q.time_ns <= e.time_ns) {
                    best = static_cast<int>(k);  // keep the latest
                }
            }
            if (best < 0) continue;
            taken[static_cast<std::size_t>(best)] = true;
            if (e.direction == trace::Direction::send) {
                next_[static_cast<std::size_t>(c)][m] = {p, best};
                prev_[static_cast<std::size_t>(p)][static_cast<std::size_t>(best)] = {c, static_cast<int>(m)};
            } else {
                next_[static_cast<std::size_t>(p)][static_cast<std::size_t>(best)] = {c, static_cast<int>(m)};
                prev_[static_cast<std::size_t>(c)][m] = {p, best};
            }
        }
    }

    // Message rows: start where a message has no previous version and follow it.
    for (int s = 0; s < spanCount; ++s) {
        const trace::Span& span = t.spans[static_cast<std::size_t>(s)];
        for (std::size_t m = 0; m < span.messages.size(); ++m) {
            if (prev_[static_cast<std::size_t>(s)][m] != none) continue;
            Row row;
            row.kind = RowKind::message;
            const trace::MessageEvent& origin = span.messages[m];
            row.direction = origin.direction;
            row.timeNs = origin.time_ns;
            row.label = describeMessage(origin);
            row.category = messageCategory(origin.type);
            Link at{s, static_cast<int>(m)};
            Link before = none;
            while (at != none) {
                const trace::Span& sp = t.spans[static_cast<std::size_t>(at.first)];
                const trace::MessageEvent& e = sp.messages[static_cast<std::size_t>(at.second)];
                Segment seg;
                seg.span = at.first;
                seg.message = at.second;
                const int lane = laneOf(at.first);
                const int parentLane = sp.parent < 0 ? 0 : laneOf(sp.parent);
                if (e.direction == trace::Direction::receive) {
                    seg.fromLane = parentLane;
                    seg.toLane = lane;
                } else {
                    seg.fromLane = lane;
                    seg.toLane = parentLane;
                }
                if (before != none) {
                    const auto& b = t.spans[static_cast<std::size_t>(before.first)]
                                        .messages[static_cast<std::size_t>(before.second)];
                    if (messagesDiffer(b, e)) {
                        seg.changed = true;
                        // A send was rewritten by the layer sending it on; a receive by the
                        // layer that passed it in.
                        seg.changedLane = e.direction == trace::Direction::send ? lane : parentLane;
                    }
                }
                row.segments.push_back(seg);
                before = at;
                at = next_[static_cast<std::size_t>(at.first)][static_cast<std::size_t>(at.second)];
            }
            const Segment& last = row.segments.back();
            const trace::Span& lastSpan = t.spans[static_cast<std::size_t>(last.span)];
            if (origin.direction == trace::Direction::receive && origin.is_request_body() && lastSpan.consumed_body)
                row.consumedLane = laneOf(last.span);
            if (origin.direction == trace::Direction::send && span.short_circuited) row.turnLane = laneOf(s);
            rows_.push_back(std::move(row));
        }
    }

    // Exceptions: a red mark where one was raised, joined to where it was handled.
    for (int s = 0; s < spanCount; ++s) {
        const trace::Span& span = t.spans[static_cast<std::size_t>(s)];
        if (!span.exception || !span.exception->raised_here) continue;
        Row row;
        row.kind = RowKind::exception;
        row.timeNs = span.exit_ns;
        row.category = MessageCategory::disconnect;
        row.lane = laneOf(s);
        row.otherLane = 0;
        for (int p = span.parent; p >= 0; p = t.spans[static_cast<std::size_t>(p)].parent) {
            const auto& pe = t.spans[static_cast<std::size_t>(p)].exception;
            if (pe && pe->handled_here) {
                row.otherLane = laneOf(p);
                break;
            }
        }
        // The type without its namespaces: "HTTPException: Not Found".
        const std::string& type = span.exception->type;
        const std::size_t colons = type.rfind("::");
        row.label = qs(colons == std::string::npos ? std::string_view(type) : std::string_view(type).substr(colons + 2)) +
                    QStringLiteral(": ") + qs(span.exception->message);
        // A layer that answered by raising (a Router's 404 in an application) is where the
        // arrows turn back.
        if (span.short_circuited) row.turnLane = row.lane;
        rows_.push_back(std::move(row));
    }

    // Scope changes, where the layer that saw them was entered.
    for (int s = 0; s < spanCount; ++s) {
        const trace::Span& span = t.spans[static_cast<std::size_t>(s)];
        if (span.parent < 0) continue;
        const QString change = scopeChange(t.spans[static_cast<std::size_t>(span.parent)].scope, span.scope);
        if (change.isEmpty()) continue;
        Row row;
        row.kind = RowKind::scopeChange;
        row.timeNs = span.enter_ns;
        row.lane = laneOf(s);
        row.label = change;
        rows_.push_back(std::move(row));
    }

    // Time order; at equal times scope changes first, then messages, then exceptions.
    auto rank = [](RowKind k) { return k == RowKind::scopeChange ? 0 : k == RowKind::message ? 1 : 2; };
    std::stable_sort(rows_.begin(), rows_.end(), [&](const Row& a, const Row& b) {
        if (a.timeNs != b.timeNs) return a.timeNs < b.timeNs;
        return rank(a.kind) < rank(b.kind);
    });
    for (std::size_t r = 0; r < rows_.size(); ++r)
        for (const Segment& seg : rows_[r].segments)
            rowOf_[static_cast<std::size_t>(seg.span)][static_cast<std::size_t>(seg.message)] = static_cast<int>(r);

    // Activation bars: the rows within each span's time.
    const int rowCount = static_cast<int>(rows_.size());
    for (int s = 0; s < spanCount; ++s) {
        const trace::Span& span = t.spans[static_cast<std::size_t>(s)];
        Activation a;
        a.lane = laneOf(s);
        a.selfNs = span.self_ns;
        a.durationNs = span.duration_ns();
        auto first = std::lower_bound(rows_.begin(), rows_.end(), span.enter_ns,
                                      [](const Row& r, std::int64_t v) { return r.timeNs < v; });
        auto last = std::upper_bound(rows_.begin(), rows_.end(), span.exit_ns,
                                     [](std::int64_t v, const Row& r) { return v < r.timeNs; });
        a.firstRow = std::min(static_cast<int>(first - rows_.begin()), std::max(0, rowCount - 1));
        a.lastRow = std::max(a.firstRow, static_cast<int>(last - rows_.begin()) - 1);
        activations_.push_back(a);
    }
}

}  // namespace asgiscope::ui
