// The Trace and Inspector panels' data, on traces of real requests to the demo: SequenceModel
// (lifelines, arrows, short-circuit, consumed body, ⟳ changes, exceptions, scope changes,
// WebSocket sessions), InspectorTreeModel (headers, bodies, pretty JSON, truncation, scope
// diff), the body formats and WaterfallModel.
#include <QAbstractItemModelTester>
#include <QtTest/QtTest>

#include "models/body_format.hpp"
#include "models/inspector_tree_model.hpp"
#include "models/sequence_model.hpp"
#include "models/waterfall_model.hpp"
#include "ui_test_support.hpp"

using namespace asgiscope;
using namespace asgiscope::ui;

namespace {

QStringList laneNames(const SequenceModel& m) {
    QStringList out;
    for (const auto& l : m.lanes()) out << l.name;
    return out;
}

QStringList spanNames(const trace::Trace& t) {
    QStringList out;
    for (const auto& s : t.spans) out << QString::fromStdString(s.name);
    return out;
}

int totalMessages(const trace::Trace& t) {
    int n = 0;
    for (const auto& s : t.spans) n += static_cast<int>(s.messages.size());
    return n;
}

int laneOf(const trace::Trace& t, std::string_view name) {
    const auto i = t.find(name);
    return i ? SequenceModel::laneOf(static_cast<int>(*i)) : -1;
}

/// The first row of `kind` whose label contains `labelStart`.
const SequenceModel::Row* firstRow(const SequenceModel& m, const QString& labelStart,
                                   SequenceModel::RowKind kind = SequenceModel::RowKind::message) {
    for (const auto& r : m.rows())
        if (r.kind == kind && r.label.contains(labelStart)) return &r;
    return nullptr;
}

web::RequestOptions withHeader(std::string name, std::string value) {
    web::RequestOptions o;
    o.headers.emplace_back(std::move(name), std::move(value));
    return o;
}

}  // namespace

class TestTraceModels : public QObject {
    Q_OBJECT

private slots:
    void plaintextLifelinesAndArrows() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/plaintext");
        const SequenceModel m(t);
        QStringList expected{"client"};
        expected << spanNames(*t);
        QCOMPARE(laneNames(m), expected);
        // The demo's stack, outermost first.
        QCOMPARE(spanNames(*t).mid(0, 6), (QStringList{"ServerErrorMiddleware", "CORSMiddleware", "GZipMiddleware",
                                                       "SessionMiddleware", "ExceptionMiddleware", "Router"}));
        // Each message of each layer crosses one boundary: one arrow each.
        QCOMPARE(m.segmentCount(), totalMessages(*t));
        // A GET reads no body: two rows, the response start and body, each crossing every
        // boundary from the endpoint out to the client.
        const auto* start = firstRow(m, "http.response.start 200");
        const auto* body = firstRow(m, "http.response.body 13 B");
        QVERIFY(start && body);
        QCOMPARE(int(start->segments.size()), int(t->spans.size()));
        QCOMPARE(start->segments.front().fromLane, int(t->spans.size()));  // the endpoint
        QCOMPARE(start->segments.back().toLane, 0);                         // the client
        for (std::size_t i = 1; i < start->segments.size(); ++i)
            QCOMPARE(start->segments[i].fromLane, start->segments[i - 1].toLane);
        QVERIFY(start->timeNs <= body->timeNs);
        QCOMPARE(start->category, MessageCategory::response);
        // Nothing changed it on the way out, nothing short-circuited.
        for (const auto& seg : start->segments) QVERIFY(!seg.changed);
        QCOMPARE(start->turnLane, -1);
        // Route(plaintext) saw route_name set by the Router.
        const auto* scope = firstRow(m, "route_name plaintext", SequenceModel::RowKind::scopeChange);
        QVERIFY(scope);
        QCOMPARE(scope->lane, laneOf(*t, "Route /plaintext"));
        // Activation bars cover rows within each span.
        QCOMPARE(int(m.activations().size()), int(t->spans.size()));
        for (const auto& a : m.activations()) QVERIFY(a.firstRow <= a.lastRow);
        // Every arrow can be found again by its message.
        for (int s = 0; s < int(t->spans.size()); ++s)
            for (int k = 0; k < int(t->spans[std::size_t(s)].messages.size()); ++k) QVERIFY(m.rowOf(s, k) >= 0);
    }

    void notFoundShortCircuitsAtTheRouter() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/nope");
        const SequenceModel m(t);
        QCOMPARE(laneNames(m).last(), QStringLiteral("Router"));
        const int router = laneOf(*t, "Router");
        QVERIFY(t->spans[std::size_t(router - 1)].short_circuited);
        // In an application the Router raises HTTPException(404): the arrows turn back at the
        // Router (the exception row carries the mark) and the answer comes from the handler.
        const auto* ex = firstRow(m, "HTTPException", SequenceModel::RowKind::exception);
        QVERIFY(ex);
        QCOMPARE(ex->lane, router);
        QCOMPARE(ex->turnLane, router);
        QCOMPARE(ex->otherLane, laneOf(*t, "ExceptionMiddleware"));
        const auto* start = firstRow(m, "http.response.start 404");
        QVERIFY(start);
        QCOMPARE(start->segments.front().fromLane, laneOf(*t, "ExceptionMiddleware"));
        QCOMPARE(m.segmentCount(), totalMessages(*t));
    }

    void bodyConsumedInAMiddlewareIsMarked() {
        testing::TracedBodyReader app;
        const TracePtr t = app.post("payload");
        const SequenceModel m(t);
        const auto* request = firstRow(m, "http.request 7 B");
        QVERIFY(request);
        QCOMPARE(request->category, MessageCategory::request);
        QCOMPARE(request->direction, trace::Direction::receive);
        // In from the client, stopping at the middleware that read it.
        QCOMPARE(request->segments.front().fromLane, 0);
        QCOMPARE(request->segments.back().toLane, laneOf(*t, "ReadBodyMiddleware"));
        QCOMPARE(request->consumedLane, laneOf(*t, "ReadBodyMiddleware"));
        QCOMPARE(m.segmentCount(), totalMessages(*t));

        // Without such a middleware the endpoint reads it: the arrow goes all the way in.
        testing::TracedDemo demo;
        web::RequestOptions o;
        o.content = "payload";
        demo.client().post("/echo", o);
        const TracePtr e = demo.last("/echo");
        const SequenceModel me(e);
        const auto* r = firstRow(me, "http.request 7 B");
        QVERIFY(r);
        QCOMPARE(r->consumedLane, int(e->spans.size()));
    }

    void handledExceptionIsJoinedToItsHandler() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/teapot");  // HTTPException(418) -> ExceptionMiddleware
        const SequenceModel m(t);
        const auto* ex = firstRow(m, "", SequenceModel::RowKind::exception);
        QVERIFY(ex);
        QCOMPARE(ex->lane, int(t->spans.size()));  // the endpoint raised it
        QCOMPARE(ex->otherLane, laneOf(*t, "ExceptionMiddleware"));
        QVERIFY(ex->label.contains(QStringLiteral("HTTPException")));
        // The answer starts at the handler.
        const auto* start = firstRow(m, "http.response.start 418");
        QVERIFY(start);
        QCOMPARE(start->segments.front().fromLane, laneOf(*t, "ExceptionMiddleware"));

        // An unhandled error: ServerErrorMiddleware answers 500.
        const TracePtr e = demo.get("/error");
        const SequenceModel me(e);
        const auto* boom = firstRow(me, "", SequenceModel::RowKind::exception);
        QVERIFY(boom);
        QCOMPARE(boom->otherLane, laneOf(*e, "ServerErrorMiddleware"));
        QVERIFY(boom->label.contains(QStringLiteral("boom")));
    }

    void gzipChangesTheResponse() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/large", withHeader("accept-encoding", "gzip"));
        const SequenceModel m(t);
        const int gzip = laneOf(*t, "GZipMiddleware");
        bool startChanged = false;
        bool bodyChanged = false;
        for (const auto& row : m.rows()) {
            for (const auto& seg : row.segments) {
                if (!seg.changed) continue;
                QCOMPARE(seg.changedLane, gzip);  // only GZip rewrites messages here
                startChanged |= row.label.startsWith(QStringLiteral("http.response.start"));
                bodyChanged |= row.label.startsWith(QStringLiteral("http.response.body"));
            }
        }
        QVERIFY(startChanged);
        QVERIFY(bodyChanged);
        QCOMPARE(m.segmentCount(), totalMessages(*t));

        // The Inspector shows the version before GZip.
        const auto gi = t->find("GZipMiddleware");
        QVERIFY(gi);
        int bodyIndex = -1;
        const auto& msgs = t->spans[*gi].messages;
        for (int k = 0; k < int(msgs.size()); ++k)
            if (msgs[std::size_t(k)].type == asgi::HttpResponseBody::type) bodyIndex = k;
        QVERIFY(bodyIndex >= 0);
        InspectorTreeModel tree;
        tree.showMessage(t, int(*gi), bodyIndex);
        QStandardItem* before = tree.topLevel(QStringLiteral("⟳ before"));
        QVERIFY(before);
        QVERIFY(tree.valueOf(before).contains(QStringLiteral("10000 B")));
    }

    void mountChangesRootPath() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/api/todos");
        const SequenceModel m(t);
        const auto* change = firstRow(m, "root_path /api", SequenceModel::RowKind::scopeChange);
        QVERIFY2(change, qPrintable(laneNames(m).join(u',')));
        QCOMPARE(change->lane, laneOf(*t, "Mount /api"));
        const TracePtr u = demo.get("/users/7");
        const SequenceModel mu(u);
        const auto* params = firstRow(mu, "path_params {id: 7}", SequenceModel::RowKind::scopeChange);
        QVERIFY(params);
        QCOMPARE(params->lane, laneOf(*u, "Route /users/{id:int}"));
    }

    void websocketSession() {
        testing::TracedDemo demo;
        {
            auto ws = demo.client().websocket_connect("/ws/echo");
            ws.send_text("one");
            QCOMPARE(QString::fromStdString(ws.receive_text()), QStringLiteral("one"));
            ws.send_text("two");
            (void)ws.receive_text();
            ws.close(1001);
        }
        const TracePtr t = demo.last("/ws/echo");
        QCOMPARE(t->kind, trace::TraceKind::websocket);
        const SequenceModel m(t);
        QStringList labels;
        for (const auto& r : m.rows())
            if (r.kind == SequenceModel::RowKind::message) labels << r.label;
        // Handshake, frames in time order, the close with its code.
        QCOMPARE(labels.first(), QStringLiteral("websocket.connect"));
        QCOMPARE(labels.at(1), QStringLiteral("websocket.accept"));
        QCOMPARE(labels.mid(2, 4), (QStringList{"websocket.receive text 3 B", "websocket.send text 3 B",
                                                "websocket.receive text 3 B", "websocket.send text 3 B"}));
        QCOMPARE(labels.last(), QStringLiteral("websocket.disconnect 1001"));
        QCOMPARE(firstRow(m, "websocket.send")->category, MessageCategory::websocket);
        QCOMPARE(firstRow(m, "websocket.disconnect")->category, MessageCategory::disconnect);
        QCOMPARE(m.segmentCount(), totalMessages(*t));
    }

    void longSession() {
        const TracePtr t = testing::syntheticWebSocket(1, 2500);
        const SequenceModel m(t);
        QCOMPARE(int(m.rows().size()), 2 + 2 * 2500 + 1);
        QCOMPARE(m.segmentCount(), totalMessages(*t));
        // Each frame stays on its own row (not linked to another frame's).
        QCOMPARE(m.rowOf(1, 2 + 2 * 1000), 2 + 2 * 1000);
    }

    void inspectorShowsHeadersAndPrettyJson() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/json");
        InspectorTreeModel tree;
        QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const int endpoint = int(t->spans.size()) - 1;
        const auto& msgs = t->spans.back().messages;
        int start = -1;
        int body = -1;
        for (int k = 0; k < int(msgs.size()); ++k) {
            if (msgs[std::size_t(k)].type == asgi::HttpResponseStart::type) start = k;
            if (msgs[std::size_t(k)].type == asgi::HttpResponseBody::type) body = k;
        }
        QVERIFY(start >= 0 && body >= 0);
        tree.showMessage(t, endpoint, start);
        QStandardItem* top = tree.topLevel(QStringLiteral("message"));
        QVERIFY(top);
        QVERIFY(top->text().contains(QStringLiteral("endpoint json")));
        QCOMPARE(tree.valueOf(InspectorTreeModel::child(top, QStringLiteral("status"))), QStringLiteral("200"));
        QStandardItem* headers = InspectorTreeModel::child(top, QStringLiteral("headers"));
        QVERIFY(headers);
        QCOMPARE(tree.valueOf(InspectorTreeModel::child(headers, QStringLiteral("content-type"))),
                 QStringLiteral("application/json"));
        QVERIFY(!tree.hasBody());
        // The scope at the endpoint and the diff from the Route.
        QStandardItem* scope = tree.topLevel(QStringLiteral("scope at this layer"));
        QVERIFY(scope);
        QCOMPARE(tree.valueOf(InspectorTreeModel::child(scope, QStringLiteral("path"))), QStringLiteral("/json"));
        QCOMPARE(tree.valueOf(InspectorTreeModel::child(scope, QStringLiteral("method"))), QStringLiteral("GET"));

        tree.showMessage(t, endpoint, body);
        QVERIFY(tree.hasBody());
        QCOMPARE(tree.bodyContentType(), QStringLiteral("application/json"));
        QCOMPARE(guessBodyFormat(tree.body(), tree.bodyContentType()), BodyFormat::Json);
        const auto pretty = bodyAsPrettyJson(tree.body());
        QVERIFY(pretty);
        QCOMPARE(*pretty, QStringLiteral("{\n    \"message\": \"Hello, world!\"\n}"));
        QCOMPARE(tree.bodySizeText(), QStringLiteral("27 B"));  // {"message":"Hello, world!"}
        QCOMPARE(tree.valueOf(InspectorTreeModel::child(tree.topLevel(QStringLiteral("message")), QStringLiteral("more_body"))),
                 QStringLiteral("False"));
    }

    void inspectorScopeDiffAndLayers() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/users/7");
        const int route = int(*t->find("Route /users/{id:int}"));
        InspectorTreeModel tree;
        tree.showLayer(t, route);
        QStandardItem* diff = tree.topLevel(QStringLiteral("scope diff"));
        QVERIFY(diff);
        QCOMPARE(tree.valueOf(diff), QStringLiteral("Router → Route /users/{id:int}"));
        QCOMPARE(tree.valueOf(InspectorTreeModel::child(diff, QStringLiteral("path_params"))),
                 QStringLiteral("{} → {id: 7}"));
        QCOMPARE(tree.valueOf(InspectorTreeModel::child(diff, QStringLiteral("route_name"))), QStringLiteral(" → user"));
        QStandardItem* layer = tree.topLevel(QStringLiteral("layer Route"));
        QVERIFY(layer);
        QVERIFY(InspectorTreeModel::child(layer, QStringLiteral("self time")));
        // The router saw no change from the layer outside it.
        tree.showLayer(t, route - 1);
        QVERIFY(tree.valueOf(tree.topLevel(QStringLiteral("scope diff"))).endsWith(QStringLiteral("no change")));
        // Nonsense numbers give a note, not a crash.
        tree.showLayer(t, 999);
        QVERIFY(tree.topLevel(QStringLiteral("no layer")));
        tree.showMessage(t, 0, 999);
        QVERIFY(tree.topLevel(QStringLiteral("no message")));
        tree.showMessage(nullptr, 0, 0);
        QVERIFY(tree.topLevel(QStringLiteral("no message")));
    }

    void truncatedBodiesSaySo() {
        testing::TracedDemo demo;  // the tracer keeps 4096 bytes of a body
        const TracePtr t = demo.get("/large");
        const auto& msgs = t->spans.back().messages;
        int body = -1;
        for (int k = 0; k < int(msgs.size()); ++k)
            if (msgs[std::size_t(k)].type == asgi::HttpResponseBody::type) body = k;
        InspectorTreeModel tree;
        tree.showMessage(t, int(t->spans.size()) - 1, body);
        QCOMPARE(tree.bodySizeText(), QStringLiteral("4096 of 10000 bytes kept"));
        QVERIFY(tree.valueOf(InspectorTreeModel::child(tree.topLevel(QStringLiteral("message")), QStringLiteral("body")))
                    .startsWith(QStringLiteral("4096 of 10000 bytes kept")));
    }

    void bodyFormats() {
        QCOMPARE(guessBodyFormat("{\"a\": 1}", QString()), BodyFormat::Json);
        QCOMPARE(guessBodyFormat("hello", QStringLiteral("text/plain")), BodyFormat::Text);
        QCOMPARE(guessBodyFormat(QByteArray("\x00\x01\x02", 3), QString()), BodyFormat::Hex);
        QVERIFY(!bodyAsPrettyJson("{not json"));
        // Offset, 16 columns of "xx " with a gap after the eighth, then the printable text.
        QCOMPARE(bodyAsHex("Hello"), QStringLiteral("00000000  48 65 6c 6c 6f ") + QString(11 * 3 + 1, u' ') +
                                         QStringLiteral("|Hello|\n"));
        QImage image(4, 3, QImage::Format_RGB32);
        image.fill(Qt::red);
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        image.save(&buffer, "PNG");
        QCOMPARE(guessBodyFormat(png, QStringLiteral("image/png")), BodyFormat::Image);
        QCOMPARE(bodyAsImage(png).size(), QSize(4, 3));
        QVERIFY(bodyAsImage("not an image").isNull());
    }

    void waterfall() {
        testing::TracedDemo demo;
        const TracePtr t = demo.get("/plaintext");
        const WaterfallModel w(t);
        QCOMPARE(int(w.bars().size()), int(t->spans.size()));
        QCOMPARE(w.totalNs(), t->duration_ns);
        for (std::size_t i = 0; i < w.bars().size(); ++i) {
            const auto& bar = w.bars()[i];
            std::int64_t own = 0;
            for (const auto& [a, b] : bar.selfIntervals) {
                QVERIFY(a >= bar.startNs && b <= bar.endNs && a <= b);
                own += b - a;
            }
            // The uncovered parts add up to the tracer's self time.
            QCOMPARE(own, t->spans[i].self_ns);
        }
    }
};

QTEST_GUILESS_MAIN(TestTraceModels)
#include "test_trace_models.moc"
