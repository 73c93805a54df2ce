#include <asgiscope/trace/tracer.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <stdexcept>
#include <type_traits>
#include <typeinfo>

#include <boost/core/demangle.hpp>

namespace asgiscope::trace {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::int64_t not_exited = -1;

SpanException describe(const std::exception_ptr& error) {
    SpanException out;
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        out.type = boost::core::demangle(typeid(e).name());
        out.message = e.what();
    } catch (...) {
        out.type = "unknown";
    }
    return out;
}

ScopeView view_of(const asgi::Scope& scope) {
    ScopeView v;
    v.path = scope.path;
    v.root_path = scope.root_path;
    v.app_root_path = scope.app_root_path;
    v.route_name = scope.route_name;
    v.path_params = scope.path_params;
    return v;
}

TraceKind kind_of(const asgi::Scope& scope) {
    if (scope.type == "websocket") return TraceKind::websocket;
    if (scope.type == "lifespan") return TraceKind::lifespan;
    return TraceKind::http;
}

}  // namespace

/// One traced request while it runs: the trace being recorded and where the layers are in it.
/// Lives in asgi::Scope::trace_context; touched only by the request's own layers, one at a time.
class TraceContext {
public:
    TraceContext(const Tracer& tracer_, const asgi::Scope& scope) : tracer(tracer_), steady_start(Clock::now()) {
        trace.id = ++tracer.next_id_;
        trace.kind = kind_of(scope);
        trace.start = std::chrono::system_clock::now();
        trace.scope = scope;
        trace.connection_id = scope.connection_id;
        trace.request_index = scope.request_index;
        trace.scope.trace_context.reset();
        trace.scope.router = nullptr;  // the trace may outlive the application
        trace.spans.reserve(8);
    }

    std::int64_t now_ns() const {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - steady_start).count();
    }

    int enter(const LayerInfo& layer, const asgi::Scope& scope) {
        const int index = static_cast<int>(trace.spans.size());
        Span& span = trace.spans.emplace_back();
        span.name.reserve(layer.name.size() + (layer.detail.empty() ? 0 : layer.detail.size() + 1));
        span.name = layer.name;
        if (!layer.detail.empty()) {
            span.name += ' ';
            span.name += layer.detail;
        }
        span.kind = layer.kind;
        span.parent = current;
        if (current >= 0) {
            Span& parent = trace.spans[static_cast<std::size_t>(current)];
            span.depth = parent.depth + 1;
            parent.inner_called = true;
        }
        span.scope = view_of(scope);
        span.exit_ns = not_exited;
        span.enter_ns = now_ns();
        current = index;
        return index;
    }

    void exit(int index, std::exception_ptr error, bool complete) {
        if (closed) return;
        Span& span = trace.spans[static_cast<std::size_t>(index)];
        span.exit_ns = now_ns();
        span.incomplete = !complete;
        if (error) {  // most requests raise nothing: the list is only made when one does
            errors.resize(trace.spans.size());
            errors[static_cast<std::size_t>(index)] = std::move(error);
        }
        if (current == index) current = span.parent;
    }

    void record(int index, Direction direction, const asgi::Message& message) {
        if (closed) return;
        Span& span = trace.spans[static_cast<std::size_t>(index)];
        if (span.messages.size() >= tracer.options().max_messages_per_span) {
            ++span.dropped_messages;
            return;
        }
        if (span.messages.empty()) span.messages.reserve(2);  // an HTTP response: start and body
        MessageEvent& e = span.messages.emplace_back();
        e.direction = direction;
        e.time_ns = now_ns();
        e.type = asgi::type_name(message);
        std::visit([&](const auto& m) { fill(e, m); }, message);
    }

    /// Derives the flags, then publishes; later calls (and later layers) do nothing.
    void finish(const std::shared_ptr<TraceContext>& self) noexcept {
        if (closed) return;
        closed = true;
        try {
            derive();
            trace.bytes = trace.approx_bytes();
            cut_source = {};
            cut_result = {};
            last_headers.reset();
            tracer.hub().publish(std::shared_ptr<const Trace>(self, &trace));
        } catch (...) {
            // Out of memory while finishing: the trace is lost, the request is not.
        }
    }

    const Tracer& tracer;
    Clock::time_point steady_start;
    Trace trace;
    std::vector<std::exception_ptr> errors;  // per span: what left it (empty: nothing did)
    int current = -1;                        // the innermost open span
    bool closed = false;

private:
    // A body within the limit is shared; a longer one is cut, its prefix copied once and shared
    // by every layer the same message crosses (the source is held so its address stays unique).
    asgi::Bytes cut(const asgi::Bytes& body, std::size_t& full_size) {
        full_size = body.size();
        const std::size_t limit = tracer.options().max_body_bytes;
        if (body.size() <= limit) return body;
        if (body.data() != cut_source.data() || body.size() != cut_source.size()) {
            cut_source = body;
            cut_result = asgi::Bytes::copy(body.view().substr(0, limit));
        }
        return cut_result;
    }

    // The same response start crosses every layer: its headers are copied once and shared
    // while they stay equal.
    std::shared_ptr<const asgi::Headers> share(const asgi::Headers& headers) {
        if (!last_headers || *last_headers != headers) last_headers = std::make_shared<const asgi::Headers>(headers);
        return last_headers;
    }

    std::string cut_text(std::string_view text) const {
        return std::string(text.substr(0, tracer.options().max_body_bytes));
    }

    template <class M>
    void fill(MessageEvent& e, const M& m) {
        if constexpr (std::is_same_v<M, asgi::HttpRequest> || std::is_same_v<M, asgi::HttpResponseBody> ||
                      std::is_same_v<M, asgi::WebSocketHttpResponseBody>) {
            e.body = cut(m.body, e.full_size);
            e.more_body = m.more_body;
        } else if constexpr (std::is_same_v<M, asgi::HttpResponseStart> ||
                             std::is_same_v<M, asgi::WebSocketHttpResponseStart>) {
            e.status = m.status;
            e.shared_headers = share(m.headers);
        } else if constexpr (std::is_same_v<M, asgi::WebSocketAccept>) {
            if (m.subprotocol) e.detail = *m.subprotocol;
            e.shared_headers = share(m.headers);
        } else if constexpr (std::is_same_v<M, asgi::WebSocketReceive> || std::is_same_v<M, asgi::WebSocketSend>) {
            if (m.bytes) {
                e.body = cut(*m.bytes, e.full_size);
            } else if (m.text) {
                e.text = true;
                e.full_size = m.text->size();
                e.body = asgi::Bytes(cut_text(*m.text));
            }
        } else if constexpr (std::is_same_v<M, asgi::WebSocketDisconnect> || std::is_same_v<M, asgi::WebSocketClose>) {
            e.code = m.code;
            e.detail = cut_text(m.reason);
        } else if constexpr (std::is_same_v<M, asgi::LifespanStartupFailed> ||
                             std::is_same_v<M, asgi::LifespanShutdownFailed>) {
            e.detail = cut_text(m.message);
        }
    }

    void derive() {
        const std::int64_t end = now_ns();
        std::vector<Span>& spans = trace.spans;
        const std::size_t n = spans.size();
        // Per span: http.request chunks it received, and those its direct children received.
        std::vector<std::size_t> counts(2 * n, 0);
        std::size_t* requests = counts.data();
        std::size_t* child_requests = counts.data() + n;
        for (std::size_t i = 0; i < n; ++i) {
            Span& s = spans[i];
            if (s.exit_ns == not_exited) {
                s.exit_ns = end;
                s.incomplete = true;
            }
            s.self_ns = s.duration_ns();
            for (const MessageEvent& m : s.messages)
                if (m.direction == Direction::receive && m.is_request_body()) ++requests[i];
        }
        for (std::size_t i = n; i-- > 0;) {
            const int p = spans[i].parent;
            if (p < 0) continue;
            spans[static_cast<std::size_t>(p)].self_ns -= spans[i].duration_ns();
            child_requests[static_cast<std::size_t>(p)] += requests[i];
        }
        if (!errors.empty()) errors.resize(n);  // spans entered after the last error
        for (std::size_t i = 0; i < n; ++i) {
            Span& s = spans[i];
            s.self_ns = std::max<std::int64_t>(0, s.self_ns);
            s.consumed_body = requests[i] > child_requests[i];
            s.short_circuited = trace.kind != TraceKind::lifespan && s.kind != SpanKind::endpoint && !s.inner_called;
            if (!errors.empty()) derive_exception(i);
        }
        trace.duration_ns = n ? spans[0].exit_ns : end;
        errors.clear();
    }

    // What left span i, and what it caught from its direct children.
    void derive_exception(std::size_t i) {
        Span& s = trace.spans[i];
        const std::exception_ptr& mine = errors[i];
        const std::exception_ptr* caught = nullptr;
        std::int64_t caught_at = 0;
        bool from_inside = false;
        for (std::size_t c = i + 1; c < trace.spans.size(); ++c) {
            if (trace.spans[c].parent != static_cast<int>(i) || !errors[c]) continue;
            if (mine && errors[c] == mine) from_inside = true;
            if (!caught) {
                caught = &errors[c];
                caught_at = trace.spans[c].exit_ns;
            }
        }
        if (!mine && !caught) return;
        SpanException ex = describe(mine ? mine : *caught);
        ex.escaped = static_cast<bool>(mine);
        ex.raised_here = mine && !from_inside;
        if (caught) {
            bool answered = false;
            for (const MessageEvent& m : s.messages)
                if (m.direction == Direction::send && m.time_ns >= caught_at) answered = true;
            ex.handled_here = !mine || *caught != mine || answered;
        }
        s.exception = std::move(ex);
    }

    asgi::Bytes cut_source;
    asgi::Bytes cut_result;
    std::shared_ptr<const asgi::Headers> last_headers;
};

namespace {

boost::asio::awaitable<void> invoke_app(const void* target, asgi::Scope& scope, asgi::Receive receive,
                                        asgi::Send send) {
    return (*static_cast<const asgi::App*>(target))(scope, std::move(receive), std::move(send));
}

// What the layer's receive and send report to; lives in run_span()'s frame.
struct Hook {
    Hook(TraceContext* c, int s, asgi::Receive r, asgi::Send d)
        : context(c), span(s), receive(std::move(r)), send(std::move(d)) {}
    TraceContext* context;
    int span;
    asgi::Receive receive;
    asgi::Send send;
};

boost::asio::awaitable<asgi::Message> hooked_receive(Hook* hook) {
    asgi::Message message = co_await hook->receive();
    hook->context->record(hook->span, Direction::receive, message);
    co_return message;
}

// Not a coroutine: notes the message, then hands on the outer send's own awaitable, so a
// traced send adds no coroutine frame per layer.
boost::asio::awaitable<void> hooked_send(Hook* hook, asgi::Message message) {
    hook->context->record(hook->span, Direction::send, message);
    return hook->send(std::move(message));
}

// Closes the span when the layer's frame goes away without returning (a cancelled request).
class SpanGuard {
public:
    SpanGuard(std::shared_ptr<TraceContext> context, int span) : context_(std::move(context)), span_(span) {}
    ~SpanGuard() {
        if (context_) context_->exit(span_, nullptr, false);
    }
    SpanGuard(const SpanGuard&) = delete;
    SpanGuard& operator=(const SpanGuard&) = delete;
    void exit(std::exception_ptr error) {
        context_->exit(span_, std::move(error), true);
        context_.reset();
    }

private:
    std::shared_ptr<TraceContext> context_;
    int span_;
};

// Publishes the trace when the outermost layer's frame goes away, however it goes (a
// cancelled request included); a no-op for the other layers.
class Publisher {
public:
    explicit Publisher(const std::shared_ptr<TraceContext>* context) : context_(context) {}
    ~Publisher() {
        if (context_) (*context_)->finish(*context_);
    }
    Publisher(const Publisher&) = delete;
    Publisher& operator=(const Publisher&) = delete;

private:
    const std::shared_ptr<TraceContext>* context_;
};

// One layer's span; with `starts`, the outermost layer's, which also starts the trace and
// publishes it (one frame for both, since the frame cache per thread is small).
boost::asio::awaitable<void> run_span(std::shared_ptr<TraceContext> context, const Tracer* starts, LayerInfo layer,
                                      const void* target, Invoke invoke, asgi::Scope& scope, asgi::Receive receive,
                                      asgi::Send send) {
    if (starts) {
        context = std::make_shared<TraceContext>(*starts, scope);
        scope.trace_context = context;
    }
    Publisher publisher(starts ? &context : nullptr);
    const int span = context->enter(layer, scope);
    Hook hook(context.get(), span, std::move(receive), std::move(send));
    SpanGuard guard(context, span);
    asgi::Receive hooked_r = [h = &hook] { return hooked_receive(h); };
    asgi::Send hooked_s = [h = &hook](asgi::Message m) { return hooked_send(h, std::move(m)); };
    std::exception_ptr error;
    try {
        co_await invoke(target, scope, std::move(hooked_r), std::move(hooked_s));
    } catch (...) {
        error = std::current_exception();
    }
    guard.exit(error);
    if (starts) {
        if (scope.trace_context == context) scope.trace_context.reset();
        context->finish(context);
    }
    if (error) std::rethrow_exception(error);
}

// A layer made by Tracer::wrap().
struct WrappedLayer {
    std::string name;
    SpanKind kind;
    asgi::App app;
    std::shared_ptr<const Tracer> tracer;  // set for the outermost layer only
};

}  // namespace

Tracer::Tracer(std::shared_ptr<TraceHub> hub, TracerOptions options)
    : hub_(std::move(hub)), options_(options), enabled_(options.enabled) {
    if (!hub_) throw std::invalid_argument("Tracer: null hub");
}

asgi::App Tracer::wrap(std::string name, SpanKind kind, asgi::App app, bool outermost) const {
    if (!app) throw std::invalid_argument("Tracer::wrap: empty app for layer '" + name + "'");
    auto layer = std::make_shared<WrappedLayer>();
    layer->name = std::move(name);
    layer->kind = kind;
    layer->app = std::move(app);
    if (outermost) layer->tracer = shared_from_this();
    return [layer = std::shared_ptr<const WrappedLayer>(std::move(layer))](
               asgi::Scope& scope, asgi::Receive receive, asgi::Send send) -> boost::asio::awaitable<void> {
        const WrappedLayer& l = *layer;
        if (scope.trace_context) {
            LayerInfo info;
            info.kind = l.kind;
            info.name = l.name;
            return call_layer(info, &l.app, &invoke_app, scope, std::move(receive), std::move(send));
        }
        if (l.tracer && l.tracer->enabled()) {
            LayerInfo info;
            info.kind = l.kind;
            info.name = l.name;
            return l.tracer->trace_request(info, l.app, scope, std::move(receive), std::move(send));
        }
        return l.app(scope, std::move(receive), std::move(send));
    };
}

// A plain function: the outermost span's frame is the only one a trace start adds.
boost::asio::awaitable<void> Tracer::trace_request(LayerInfo layer, const asgi::App& app, asgi::Scope& scope,
                                                   asgi::Receive receive, asgi::Send send) const {
    return run_span(nullptr, this, layer, &app, &invoke_app, scope, std::move(receive), std::move(send));
}

boost::asio::awaitable<void> call_layer(LayerInfo layer, const void* target, Invoke invoke, asgi::Scope& scope,
                                        asgi::Receive receive, asgi::Send send) {
    if (!scope.trace_context || scope.trace_context->closed)
        return invoke(target, scope, std::move(receive), std::move(send));
    return run_span(scope.trace_context, nullptr, layer, target, invoke, scope, std::move(receive), std::move(send));
}

boost::asio::awaitable<void> call_layer(LayerInfo layer, const asgi::App& app, asgi::Scope& scope,
                                        asgi::Receive receive, asgi::Send send) {
    return call_layer(layer, &app, &invoke_app, scope, std::move(receive), std::move(send));
}

}  // namespace asgiscope::trace
