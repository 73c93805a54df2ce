// WaterfallModel: an exchange's timing per layer, widget-free: each span's bar from entry to
// return, and the parts of it spent in the layer itself (not in the layer inside it).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include <QString>

#include "models/trace_store.hpp"

namespace asgiscope::ui {

/// The timing waterfall of one trace.
class WaterfallModel {
public:
    struct Bar {
        QString name;
        int depth = 0;
        std::int64_t startNs = 0;
        std::int64_t endNs = 0;
        std::int64_t selfNs = 0;
        /// The intervals of [startNs, endNs] not covered by a child span: the layer's own time.
        std::vector<std::pair<std::int64_t, std::int64_t>> selfIntervals;
        bool error = false;
        bool shortCircuited = false;
    };

    WaterfallModel() = default;
    explicit WaterfallModel(const TracePtr& trace);

    const std::vector<Bar>& bars() const { return bars_; }
    /// The end of the outermost span (the whole exchange).
    std::int64_t totalNs() const { return totalNs_; }

private:
    std::vector<Bar> bars_;
    std::int64_t totalNs_ = 0;
};

}  // namespace asgiscope::ui
