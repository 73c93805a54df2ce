#include <asgiscope/trace/chrome_trace.hpp>
#include <asgiscope/trace/detail/output_file.hpp>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <asgiscope/asgi/json.hpp>

#include "../detail/utf8.hpp"

namespace asgiscope::trace {

namespace json = boost::json;

namespace {

constexpr std::size_t kPreview = 256;

json::string text(std::string_view s) { return json::string(asgiscope::detail::utf8_replace(s)); }

double us(std::int64_t ns) { return double(ns) / 1000.0; }

json::object event(std::string_view ph, json::string name, int pid, int tid) {
    json::object e;
    e["name"] = std::move(name);
    e["ph"] = ph;
    e["pid"] = pid;
    e["tid"] = tid;
    return e;
}

// Microseconds as fixed-point text: Boost.JSON writes doubles in exponent form
// ("1.04966E2"), which some trace viewers read badly.
std::string fixed(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    return buf;
}

// The event's JSON text with "ts" (and "dur") in front.
std::string line(const json::object& e, double ts, std::optional<double> dur = std::nullopt) {
    std::string s = json::serialize(e);
    std::string times = "\"ts\":" + fixed(ts) + ",";
    if (dur) times += "\"dur\":" + fixed(*dur) + ",";
    s.insert(1, times);
    return s;
}

json::object metadata(std::string_view what, int pid, int tid, json::object args) {
    json::object e;
    e["name"] = what;
    e["ph"] = "M";
    e["pid"] = pid;
    e["tid"] = tid;
    e["args"] = std::move(args);
    return e;
}

json::value param(const asgi::PathValue& v) {
    if (const auto* s = std::get_if<std::string>(&v)) return text(*s);
    if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
    const double d = std::get<double>(v);
    return std::isfinite(d) ? json::value(d) : json::value(nullptr);
}

std::string process_name(const Trace& t) {
    std::string name;
    if (t.kind == TraceKind::lifespan) name = "lifespan";
    else if (t.kind == TraceKind::websocket) name = "WS " + t.scope.path;
    else name = t.scope.method + " " + t.scope.path;
    return name + " #" + std::to_string(t.id);
}

}  // namespace

std::vector<std::string> ChromeTraceWriter::events(const Trace& t, std::chrono::system_clock::time_point origin,
                                                   std::map<std::string, int>& tids) {
    std::vector<std::string> out;
    const int pid = int(t.id % 2147483647);
    const double base = us(std::chrono::duration_cast<std::chrono::nanoseconds>(t.start - origin).count());
    out.push_back(json::serialize(metadata("process_name", pid, 0, json::object{{"name", text(process_name(t))}})));
    out.push_back(json::serialize(metadata("process_sort_index", pid, 0, json::object{{"sort_index", pid}})));
    std::map<int, bool> named;
    for (std::size_t i = 0; i < t.spans.size(); ++i) {
        const Span& s = t.spans[i];
        auto [it, added] = tids.emplace(s.name, int(tids.size()) + 1);
        const int tid = it->second;
        if (!named[tid]) {
            named[tid] = true;
            out.push_back(json::serialize(metadata("thread_name", pid, tid, json::object{{"name", text(s.name)}})));
            out.push_back(json::serialize(metadata("thread_sort_index", pid, tid, json::object{{"sort_index", s.depth}})));
        }
        json::object x = event("X", text(s.name), pid, tid);
        x["cat"] = to_string(s.kind);
        json::object args;
        args["span"] = i;
        args["parent"] = s.parent;
        args["depth"] = s.depth;
        args["self_ns"] = s.self_ns;
        args["path"] = text(s.scope.path);
        args["root_path"] = text(s.scope.root_path);
        if (!s.scope.route_name.empty()) args["route_name"] = text(s.scope.route_name);
        if (!s.scope.path_params.empty()) {
            json::object params;
            for (const auto& [k, v] : s.scope.path_params) params[asgiscope::detail::utf8_replace(k)] = param(v);
            args["path_params"] = std::move(params);
        }
        if (s.short_circuited) args["short_circuited"] = true;
        if (s.consumed_body) args["consumed_body"] = true;
        if (s.incomplete) args["incomplete"] = true;
        if (s.dropped_messages) args["dropped_messages"] = s.dropped_messages;
        if (s.exception) {
            args["exception"] = json::object{{"type", text(s.exception->type)},
                                             {"message", text(s.exception->message)},
                                             {"raised_here", s.exception->raised_here},
                                             {"handled_here", s.exception->handled_here},
                                             {"escaped", s.exception->escaped}};
        }
        x["args"] = std::move(args);
        out.push_back(line(x, base + us(s.enter_ns), us(s.duration_ns())));
        for (const MessageEvent& m : s.messages) {
            json::object e = event("i", json::string(m.type), pid, tid);
            e["s"] = "t";
            e["cat"] = to_string(m.direction);
            json::object a;
            a["direction"] = to_string(m.direction);
            if (m.status) a["status"] = m.status;
            if (m.code) a["code"] = m.code;
            if (!m.detail.empty()) a["detail"] = text(m.detail);
            if (m.more_body) a["more_body"] = true;
            if (m.shared_headers) {
                json::array headers;
                for (const auto& [k, v] : *m.shared_headers) headers.push_back(json::array{text(k), text(v)});
                a["headers"] = std::move(headers);
            }
            if (m.full_size || !m.body.empty()) {
                a["body_size"] = m.full_size;
                const std::string_view body = m.body.view().substr(0, kPreview);
                if (asgi::is_valid_utf8(body)) a["body"] = json::string(body);
                else a["body_base64"] = asgi::base64_encode(body);
                if (m.full_size > body.size()) a["body_cut"] = true;
            }
            e["args"] = std::move(a);
            out.push_back(line(e, base + us(m.time_ns)));
        }
    }
    return out;
}

ChromeTraceWriter::ChromeTraceWriter(std::string path) : path_(std::move(path)) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_) throw std::runtime_error(path_ + ": cannot create trace event file: " + std::strerror(errno));
    put("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":\"asgiscope\"},\"traceEvents\":[");
}

ChromeTraceWriter::~ChromeTraceWriter() {
    try {
        close();
    } catch (...) {
    }
}

void ChromeTraceWriter::put(std::string_view s) {
    if (std::fwrite(s.data(), 1, s.size(), file_) != s.size())
        throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
}

void ChromeTraceWriter::add(const Trace& trace) {
    if (!file_) throw std::runtime_error(path_ + ": trace event file is closed");
    // Microseconds since the Unix epoch: traces of one file share a timeline whatever their
    // order (a double keeps them to a quarter of a microsecond).
    if (!origin_) origin_ = std::chrono::system_clock::time_point{};
    std::string s;
    for (const std::string& e : events(trace, *origin_, tids_)) {
        s += first_event_ ? "\n" : ",\n";
        first_event_ = false;
        s += e;
    }
    put(s);
    ++traces_;
}

void ChromeTraceWriter::close() {
    if (!file_) return;
    detail::close_output_file(file_, path_, "\n]}\n");
}

}  // namespace asgiscope::trace
