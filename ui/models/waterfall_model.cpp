#include "models/waterfall_model.hpp"

#include <algorithm>

#include "models/message_text.hpp"

namespace asgiscope::ui {

WaterfallModel::WaterfallModel(const TracePtr& trace) {
    if (!trace) return;
    const trace::Trace& t = *trace;
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        const trace::Span& s = t.spans[i];
        Bar bar;
        bar.name = qs(s.name);
        bar.depth = s.depth;
        bar.startNs = s.enter_ns;
        bar.endNs = std::max(s.exit_ns, s.enter_ns);
        bar.selfNs = s.self_ns;
        bar.error = s.exception.has_value();
        bar.shortCircuited = s.short_circuited;
        // Own time: the span less its children's intervals.
        std::vector<std::pair<std::int64_t, std::int64_t>> children;
        for (std::size_t c : t.children(i)) children.emplace_back(t.spans[c].enter_ns, t.spans[c].exit_ns);
        std::sort(children.begin(), children.end());
        std::int64_t cursor = bar.startNs;
        for (const auto& [a, b] : children) {
            const std::int64_t from = std::clamp(a, bar.startNs, bar.endNs);
            const std::int64_t to = std::clamp(b, bar.startNs, bar.endNs);
            if (from > cursor) bar.selfIntervals.emplace_back(cursor, from);
            cursor = std::max(cursor, to);
        }
        if (cursor < bar.endNs) bar.selfIntervals.emplace_back(cursor, bar.endNs);
        totalNs_ = std::max(totalNs_, bar.endNs);
        bars_.push_back(std::move(bar));
    }
    totalNs_ = std::max(totalNs_, t.duration_ns);
}

}  // namespace asgiscope::ui
