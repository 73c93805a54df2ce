// SequenceModel: a trace laid out as a sequence diagram, widget-free (the Trace panel paints it).
//
// Lanes: the client (the server's side) at the left, then one lane per span in the order the
// request entered them. Rows, in time order: one per ASGI message, holding one segment per
// layer boundary it crossed (receive: outward to inward, send: inward to outward), and one per
// event worth marking (an exception raised and where it was handled, a scope change such as
// Router adding path_params or Mount changing root_path). Markers on message rows: the layer
// where a request's body stopped (it read it), the layer that answered without calling inward
// (short-circuited: where the arrows turn back), and each layer that changed the message on its
// way (⟳: GZip rewriting the body and headers).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <QString>

#include "models/message_text.hpp"
#include "models/trace_store.hpp"

namespace asgiscope::ui {

/// A trace as lanes, rows and activation bars.
class SequenceModel {
public:
    /// A lifeline.
    struct Lane {
        QString name;   ///< "client", "ServerErrorMiddleware", "Route /users/{id:int}"
        int span = -1;  ///< index in Trace::spans; -1 for the client
    };

    /// One boundary a message crossed: from the layer that passed it to the one that got it.
    struct Segment {
        int span = 0;     ///< the span whose message list holds this event
        int message = 0;  ///< index in that span's messages
        int fromLane = 0;
        int toLane = 0;
        /// The message differs from the version the previous layer in its path had (the
        /// layer at `changedLane` rewrote it).
        bool changed = false;
        int changedLane = -1;
    };

    enum class RowKind { message, exception, scopeChange };

    struct Row {
        RowKind kind = RowKind::message;
        std::int64_t timeNs = 0;
        QString label;
        MessageCategory category = MessageCategory::other;
        // message rows
        trace::Direction direction = trace::Direction::receive;
        std::vector<Segment> segments;  ///< in the order crossed
        int consumedLane = -1;  ///< a request body chunk stopped here: this layer read it
        /// This response (or this exception) came from a layer that did not call inward.
        int turnLane = -1;
        // exception rows: raised at `lane`, handled at `otherLane` (0: it reached the server)
        // scope-change rows: at `lane` (the layer that saw the change on entry)
        int lane = -1;
        int otherLane = -1;
    };

    /// A span's extent in rows.
    struct Activation {
        int lane = 0;
        int firstRow = 0;
        int lastRow = 0;
        std::int64_t selfNs = 0;
        std::int64_t durationNs = 0;
    };

    SequenceModel() = default;
    explicit SequenceModel(TracePtr trace);

    const TracePtr& trace() const { return trace_; }
    const std::vector<Lane>& lanes() const { return lanes_; }
    const std::vector<Row>& rows() const { return rows_; }
    const std::vector<Activation>& activations() const { return activations_; }

    /// The lane of a span (span + 1); 0 is the client.
    static int laneOf(int span) { return span + 1; }
    /// Segments over all rows: each message of each span crosses one boundary.
    int segmentCount() const;
    /// The row holding the message, or -1.
    int rowOf(int span, int message) const;
    /// The same message as the layer before it in its path had it: the inner layer's for a
    /// send, the outer layer's for a receive; none where the message started.
    std::optional<std::pair<int, int>> previousVersion(int span, int message) const;

private:
    void build();

    TracePtr trace_;
    std::vector<Lane> lanes_;
    std::vector<Row> rows_;
    std::vector<Activation> activations_;
    /// Per span, per message: the linked event (outward for send, inward for receive) and
    /// the previous one, as (span, message); -1 when none.
    std::vector<std::vector<std::pair<int, int>>> next_;
    std::vector<std::vector<std::pair<int, int>>> prev_;
    std::vector<std::vector<int>> rowOf_;
};

/// Whether two versions of a message differ (status, headers, body, flags, close code).
bool messagesDiffer(const trace::MessageEvent& a, const trace::MessageEvent& b);

}  // namespace asgiscope::ui
