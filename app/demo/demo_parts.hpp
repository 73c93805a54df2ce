// The demo's larger pieces, each in its own file: the HTML index, the todo API, the SSE
// clock and the WebSocket chat.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include <asgiscope/web.hpp>

namespace asgiscope::demo {

/// GET /: links to every route, with a line on what each shows.
boost::asio::awaitable<web::Response> index_page(web::Request& request);

/// The todo list behind /api/todos: thread-safe, in memory.
class TodoStore {
public:
    struct Todo {
        std::int64_t id = 0;
        std::string title;
        bool done = false;
    };
    std::vector<Todo> list() const;
    std::optional<Todo> get(std::int64_t id) const;
    Todo add(std::string title, bool done);
    /// The updated todo, or nothing when there is no such id.
    std::optional<Todo> update(std::int64_t id, std::string title, bool done);
    bool remove(std::int64_t id);

private:
    mutable std::mutex mutex_;
    std::map<std::int64_t, Todo> todos_;
    std::int64_t next_id_ = 1;
};

/// GET|POST /todos and GET|PUT|DELETE /todos/{id:int} (mounted at /api), JSON in and out;
/// a body that is not a todo gets 422 with {"detail": ...}, an unknown id 404.
web::Routes todo_routes(std::shared_ptr<TodoStore> store);

/// GET /sse: a server-sent event each second with the time, `?count=N` events (default:
/// until the client goes away).
boost::asio::awaitable<web::Response> sse_clock(web::Request& request);

/// Members of the WebSocket chat; safe to use from any server thread.
class ChatRoom;

std::shared_ptr<ChatRoom> make_chat_room();

/// WS /ws/chat: every text message a member sends goes to every member, as
/// {"from": "guest-N", "text": ...}; joins and leaves are announced.
web::WebSocketEndpointFunction chat_endpoint(std::shared_ptr<ChatRoom> room);

}  // namespace asgiscope::demo
