#include "routes_panel.hpp"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include <asgiscope/inspect/describe.hpp>

#include "match_tester.hpp"
#include "models/route_tree_model.hpp"

namespace asgiscope::ui {

RoutesPanel::RoutesPanel(QWidget* parent)
    : QWidget(parent),
      model_(new RouteTreeModel(this)),
      view_(new QTreeView(this)),
      tester_(new MatchTester(this)) {
    setObjectName(QStringLiteral("routesPanel"));
    view_->setObjectName(QStringLiteral("routeTree"));
    view_->setModel(model_);
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->header()->setSectionResizeMode(RouteTreeModel::RouteColumn,
                                          QHeaderView::ResizeToContents);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("routesSplitter"));
    splitter->addWidget(view_);
    splitter->addWidget(tester_);
    // The tester has fixed rows (request, outcome, url_for) around its table: give it more.
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(splitter);

    connect(view_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid()) return;
                QString name = current.data(RouteTreeModel::QualifiedNameRole).toString();
                if (name.isEmpty()) name = current.data(RouteTreeModel::FullPathRole).toString();
                emit routeSelected(name);  // "" for the Router row: no route filter
            });
}

void RoutesPanel::setApplication(const web::Starlette& app) {
    model_->setDescription(inspect::describe(app));
    view_->expandAll();
    for (int c = 0; c < RouteTreeModel::ColumnCount; ++c) view_->resizeColumnToContents(c);
    tester_->setApplication(app);
}

void RoutesPanel::setStats(const inspect::LiveStatsSnapshot& stats) {
    model_->setStats(stats);
}

void RoutesPanel::setBaseUrl(const QString& url) {
    tester_->setBaseUrl(url);
}

}  // namespace asgiscope::ui
