// InspectorTreeModel: what the Inspector shows as an expandable tree (field | value): one
// message as a layer received or sent it, or the scope a layer saw, with the scope diff against
// the layer outside it. Widget-free; the body itself is kept for the view's Text/JSON/Image/Hex
// switch.
#pragma once

#include <QByteArray>
#include <QStandardItemModel>

#include "models/sequence_model.hpp"

namespace asgiscope::ui {

/// The Inspector's tree.
class InspectorTreeModel : public QStandardItemModel {
    Q_OBJECT
public:
    enum Column { FieldColumn, ValueColumn };

    explicit InspectorTreeModel(QObject* parent = nullptr);

    /// The `message`-th message of span `span` (span and message as SequenceModel numbers
    /// them), its headers and body, how it looked one layer before when a layer changed it,
    /// and the scope at that layer. Out-of-range numbers show a note instead.
    void showMessage(TracePtr trace, int span, int message);
    /// The layer `span`: its timing and marks, the scope it saw, and the diff against its parent.
    void showLayer(TracePtr trace, int span);
    void showNothing();

    /// The body of the message shown (empty when none), its whole size, and its content type.
    const QByteArray& body() const { return body_; }
    qint64 bodyFullSize() const { return bodyFullSize_; }
    const QString& bodyContentType() const { return contentType_; }
    bool hasBody() const { return hasBody_; }
    /// "13 B" or "4,096 of 10,000 bytes kept".
    QString bodySizeText() const;

    /// The shown message's headers node (invalid when it has none).
    QModelIndex messageHeadersIndex() const;

    /// The first top-level item whose field text starts with `prefix` (for tests and views).
    QStandardItem* topLevel(const QString& prefix) const;
    /// The child of `parent` whose field text is `field`, or null.
    static QStandardItem* child(const QStandardItem* parent, const QString& field);
    /// The value text next to `item`.
    QString valueOf(const QStandardItem* item) const;

private:
    QStandardItem* add(QStandardItem* parent, const QString& field, const QString& value = {});
    void addMessageFields(QStandardItem* parent, const trace::Trace& t, const trace::MessageEvent& m);
    void addHeaders(QStandardItem* parent, const asgi::Headers& headers, const QString& title);
    void addScope(QStandardItem* parent, const trace::Trace& t, int span);
    void addScopeDiff(const trace::Trace& t, int span);
    void addLayerFacts(QStandardItem* parent, const trace::Span& s);
    void reset();

    QStandardItem* message_ = nullptr;  // the shown message's top-level item
    QByteArray body_;
    qint64 bodyFullSize_ = 0;
    QString contentType_;
    bool hasBody_ = false;
};

}  // namespace asgiscope::ui
