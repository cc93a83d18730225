#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <functional>
#include <memory>

#include "core/proxy/event_loop.hpp"
#include "core/proxy/plain_pool.hpp"

using sonde::proxy::EventLoop;
using sonde::proxy::PlainConnection;
using sonde::proxy::PlainUpstreamPool;
using sonde::proxy::Watcher;

namespace {

// A watcher that runs `then` when its descriptor is ready.
class Trigger final : public Watcher {
 public:
  explicit Trigger(std::function<void()> then) : then_(std::move(then)) {}
  void ready(std::uint32_t) override { then_(); }

 private:
  std::function<void()> then_;
};

// A loop and its pool, as one proxy loop has them.
struct Loop {
  std::unique_ptr<EventLoop> loop;
  std::unique_ptr<PlainUpstreamPool> pool;
  Loop() {
    auto created = EventLoop::create();
    REQUIRE(created);
    loop = std::move(*created);
    pool = std::make_unique<PlainUpstreamPool>(*loop);
  }
};

struct Pair {
  int near = -1;
  int far = -1;
  Pair() {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0);
    near = fds[0];
    far = fds[1];
  }
};

}  // namespace

TEST_CASE("plain pool: a kept-alive connection is handed out again, to its own upstream only") {
  Loop loop;
  PlainUpstreamPool& pool = *loop.pool;
  Pair upstream;
  pool.give("127.0.0.1:8080", std::make_unique<PlainConnection>(pool, upstream.near));
  CHECK(pool.idle() == 1);
  CHECK(pool.take("127.0.0.1:9090") == nullptr);
  auto again = pool.take("127.0.0.1:8080");
  REQUIRE(again);
  CHECK(again->fd() == upstream.near);
  pool.close(std::move(again));
  ::close(upstream.far);
}

TEST_CASE("plain pool: an idle connection the upstream closes is dropped, whichever event comes first") {
  Loop loop;
  PlainUpstreamPool& pool = *loop.pool;
  Pair upstream;
  Pair client;
  pool.give("up", std::make_unique<PlainConnection>(pool, upstream.near));
  // A client's request becomes ready first, then the upstream closes the idle connection: both
  // events are in one batch, the client's first. Taking the connection for the client must not
  // hand out the closed one (its own event, still to come in the batch, says so).
  std::unique_ptr<PlainConnection> taken;
  bool asked = false;
  Trigger request([&] {
    asked = true;
    taken = pool.take("up");
  });
  REQUIRE(loop.loop->watch(client.near, EPOLLIN, &request));
  REQUIRE(::write(client.far, "GET", 3) == 3);
  ::close(upstream.far);
  REQUIRE(loop.loop->run_once(std::chrono::milliseconds(1000)));
  CHECK(asked);
  CHECK(taken == nullptr);
  CHECK(pool.idle() == 0);
  loop.loop->unwatch(client.near);
  ::close(client.near);
  ::close(client.far);
}

TEST_CASE("plain pool: an idle connection closed between batches is dropped by its own event") {
  Loop loop;
  PlainUpstreamPool& pool = *loop.pool;
  Pair upstream;
  pool.give("up", std::make_unique<PlainConnection>(pool, upstream.near));
  ::close(upstream.far);
  REQUIRE(loop.loop->run_once(std::chrono::milliseconds(1000)));
  CHECK(pool.idle() == 0);
  CHECK(pool.take("up") == nullptr);
}
