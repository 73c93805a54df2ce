// The demo's JSON CRUD API: an in-memory todo list under /api/todos, with HTTPEndpoint
// classes (one per resource) as Starlette code often has.
#include "demo_parts.hpp"

#include <boost/json.hpp>

namespace asgiscope::demo {

namespace json = boost::json;
using boost::asio::awaitable;
using namespace asgiscope::web;

std::vector<TodoStore::Todo> TodoStore::list() const {
    std::lock_guard lock(mutex_);
    std::vector<Todo> out;
    for (const auto& [id, todo] : todos_) out.push_back(todo);
    return out;
}

std::optional<TodoStore::Todo> TodoStore::get(std::int64_t id) const {
    std::lock_guard lock(mutex_);
    auto it = todos_.find(id);
    if (it == todos_.end()) return std::nullopt;
    return it->second;
}

TodoStore::Todo TodoStore::add(std::string title, bool done) {
    std::lock_guard lock(mutex_);
    Todo todo{next_id_++, std::move(title), done};
    todos_[todo.id] = todo;
    return todo;
}

std::optional<TodoStore::Todo> TodoStore::update(std::int64_t id, std::string title, bool done) {
    std::lock_guard lock(mutex_);
    auto it = todos_.find(id);
    if (it == todos_.end()) return std::nullopt;
    it->second.title = std::move(title);
    it->second.done = done;
    return it->second;
}

bool TodoStore::remove(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return todos_.erase(id) == 1;
}

namespace {

json::object to_json(const TodoStore::Todo& todo) {
    json::object o;
    o["id"] = todo.id;
    o["title"] = todo.title;
    o["done"] = todo.done;
    return o;
}

JSONResponse unprocessable(std::string detail) {
    json::object body;
    body["detail"] = std::move(detail);
    return JSONResponse(body, 422);
}

/// The todo a request body describes: {"title": text, "done": optional bool}.
struct TodoInput {
    std::string title;
    bool done = false;
    std::string error;  // non-empty: what is wrong with the body
};

awaitable<TodoInput> read_todo(Request& request) {
    TodoInput input;
    json::value body;
    try {
        body = co_await request.json();
    } catch (const std::invalid_argument&) {
        input.error = "The body must be JSON.";
        co_return input;
    }
    const json::object* o = body.if_object();
    const json::value* title = o ? o->if_contains("title") : nullptr;
    const json::value* done = o ? o->if_contains("done") : nullptr;
    if (!title || !title->is_string() || title->as_string().empty()) {
        input.error = "'title' must be a non-empty string.";
    } else if (done && !done->is_bool()) {
        input.error = "'done' must be true or false.";
    } else {
        input.title = std::string(title->as_string());
        input.done = done && done->as_bool();
    }
    co_return input;
}

std::int64_t todo_id(Request& request) { return request.path_param<std::int64_t>("id"); }

[[noreturn]] void not_found(std::int64_t id) {
    throw HTTPException(404, "Todo " + std::to_string(id) + " not found");
}

class Todos : public HTTPEndpoint {
public:
    explicit Todos(std::shared_ptr<TodoStore> store) : store_(std::move(store)) {}

    awaitable<Response> get(Request&) {
        json::array items;
        for (const auto& todo : store_->list()) items.push_back(to_json(todo));
        co_return JSONResponse(items);
    }

    awaitable<Response> post(Request& request) {
        const TodoInput input = co_await read_todo(request);
        if (!input.error.empty()) co_return unprocessable(input.error);
        const TodoStore::Todo todo = store_->add(input.title, input.done);
        asgi::Headers headers;
        headers.emplace_back("location", request.url_for("api:todo", {{"id", todo.id}}).str());
        co_return JSONResponse(to_json(todo), 201, std::move(headers));
    }

private:
    std::shared_ptr<TodoStore> store_;
};

class TodoItem : public HTTPEndpoint {
public:
    explicit TodoItem(std::shared_ptr<TodoStore> store) : store_(std::move(store)) {}

    awaitable<Response> get(Request& request) {
        const auto todo = store_->get(todo_id(request));
        if (!todo) not_found(todo_id(request));
        co_return JSONResponse(to_json(*todo));
    }

    awaitable<Response> put(Request& request) {
        const TodoInput input = co_await read_todo(request);
        if (!input.error.empty()) co_return unprocessable(input.error);
        const auto todo = store_->update(todo_id(request), input.title, input.done);
        if (!todo) not_found(todo_id(request));
        co_return JSONResponse(to_json(*todo));
    }

    awaitable<Response> delete_(Request& request) {
        if (!store_->remove(todo_id(request))) not_found(todo_id(request));
        co_return Response(std::string(), 204);
    }

private:
    std::shared_ptr<TodoStore> store_;
};

}  // namespace

Routes todo_routes(std::shared_ptr<TodoStore> store) {
    return Routes{
        Route("/todos", HTTPEndpoint::app<Todos>(store),
              {.methods = {"GET", "POST"}, .name = "todos", .summary = "List or create todos"}),
        Route("/todos/{id:int}", HTTPEndpoint::app<TodoItem>(store),
              {.methods = {"GET", "PUT", "DELETE"}, .name = "todo", .summary = "Read, replace or delete a todo"}),
    };
}

}  // namespace asgiscope::demo
