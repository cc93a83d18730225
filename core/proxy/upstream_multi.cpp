#include "core/proxy/upstream_multi.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/net/curl_error.hpp"
#include "core/proxy/upstream.hpp"

namespace sonde::proxy {

// A socket libcurl asked to be watched; its events go back to libcurl.
class UpstreamMulti::SocketWatch final : public Watcher {
 public:
  SocketWatch(UpstreamMulti& multi, curl_socket_t fd) : multi_(multi), fd_(fd) {}
  void ready(std::uint32_t events) override {
    int mask = 0;
    if (events & EPOLLIN) mask |= CURL_CSELECT_IN;
    if (events & EPOLLOUT) mask |= CURL_CSELECT_OUT;
    if (events & (EPOLLERR | EPOLLHUP)) mask |= CURL_CSELECT_ERR;
    multi_.act(fd_, mask);
  }

 private:
  UpstreamMulti& multi_;
  curl_socket_t fd_;
};

UpstreamMulti::UpstreamMulti(EventLoop& loop) : loop_(loop), multi_(net::make_multi()) {
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(multi_.get(), CURLMOPT_SOCKETDATA, this);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERFUNCTION, on_timer);
  curl_multi_setopt(multi_.get(), CURLMOPT_TIMERDATA, this);
}

UpstreamMulti::~UpstreamMulti() {
  // Every transfer is gone (they belong to connections, closed first); the cache's connections
  // close with the multi handle, their sockets' watches with it.
  multi_.reset();
  for (auto& [fd, watch] : watches_) loop_.retire(std::move(watch));
}

int UpstreamMulti::on_socket(CURL*, curl_socket_t fd, int what, void* self, void*) {
  auto* m = static_cast<UpstreamMulti*>(self);
  if (what == CURL_POLL_REMOVE) {
    m->loop_.unwatch(fd);
    if (auto it = m->watches_.find(fd); it != m->watches_.end()) {
      m->loop_.retire(std::move(it->second));
      m->watches_.erase(it);
    }
    return 0;
  }
  auto& watch = m->watches_[fd];
  if (!watch) watch = std::make_unique<SocketWatch>(*m, fd);
  std::uint32_t events = 0;
  if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= EPOLLIN;
  if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= EPOLLOUT;
  m->loop_.watch(fd, events, watch.get());
  return 0;
}

int UpstreamMulti::on_timer(CURLM*, long timeout_ms, void* self) {
  auto* m = static_cast<UpstreamMulti*>(self);
  if (timeout_ms < 0) {
    m->deadline_.reset();
  } else {
    m->deadline_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  }
  return 0;
}

void UpstreamMulti::act(curl_socket_t fd, int events) {
  int running = 0;
  curl_multi_socket_action(multi_.get(), fd, events, &running);
  finish_done();
}

void UpstreamMulti::on_time(std::chrono::steady_clock::time_point now) {
  if (!deadline_ || now < *deadline_) return;
  deadline_.reset();
  act(CURL_SOCKET_TIMEOUT, 0);
}

void UpstreamMulti::finish_done() {
  std::vector<std::pair<AsyncTransfer*, CURLcode>> done;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_.get(), &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    AsyncTransfer* transfer = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &transfer);
    if (transfer == nullptr) continue;
    transfer->finished_ = true;
    done.emplace_back(transfer, msg->data.result);
  }
  // Each listener may destroy its own transfer; none touches another's.
  for (auto [transfer, code] : done) {
    std::optional<Error> failure;
    if (code != CURLE_OK) {
      failure = net::to_error(net::classify_transfer_error(code, transfer->easy_.get(), transfer->error_buffer_),
                              transfer->shown_url());
    }
    transfer->listener_.on_done(*transfer, std::move(failure));
  }
}

net::EasyHandle UpstreamMulti::take_easy() {
  if (spare_.empty()) return net::make_easy();
  net::EasyHandle easy = std::move(spare_.back());
  spare_.pop_back();
  curl_easy_reset(easy.get());
  return easy;
}

void UpstreamMulti::give_back(net::EasyHandle easy) {
  if (spare_.size() < 64) spare_.push_back(std::move(easy));
}

AsyncTransfer::AsyncTransfer(UpstreamMulti& multi, Listener& listener, const mock::MockRequest& request,
                             std::string url, bool insecure, const std::string& cacert,
                             std::optional<StreamedUpload> streamed)
    : UpstreamExchange(listener, std::move(url)), multi_(multi), easy_(multi.take_easy()),
      header_list_(net::make_slist(upstream_header_lines(request))) {
  CURL* h = easy_.get();
  set_forward_options(h, request, url_, header_list_.get(), streamed ? std::string_view() : std::string_view(request.body), insecure, cacert, streamed, error_buffer_);
  curl_easy_setopt(h, CURLOPT_PRIVATE, this);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, this);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
  if (streamed) {
    curl_easy_setopt(h, CURLOPT_READFUNCTION, on_read);
    curl_easy_setopt(h, CURLOPT_READDATA, this);
  }
  added_ = curl_multi_add_handle(multi_.multi_.get(), h) == CURLM_OK;
}

AsyncTransfer::~AsyncTransfer() {
  if (added_) curl_multi_remove_handle(multi_.multi_.get(), easy_.get());
  multi_.give_back(std::move(easy_));
}

void AsyncTransfer::resume_body() {
  if (!body_paused_ || finished_) return;
  body_paused_ = false;
  curl_easy_pause(easy_.get(), CURLPAUSE_CONT);  // libcurl then runs its timer at once
}

void AsyncTransfer::upload_more() {
  if (!upload_.paused() || finished_) return;
  upload_.resumed();
  curl_easy_pause(easy_.get(), body_paused_ ? CURLPAUSE_RECV : CURLPAUSE_CONT);
}

std::size_t AsyncTransfer::on_header(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<AsyncTransfer*>(self);
  const std::size_t n = size * count;
  t->head_.take(std::string_view(data, n));
  if (t->head_.complete && !t->head_told_) {
    t->head_told_ = true;
    t->listener_.on_head(*t);
  }
  return n;
}

std::size_t AsyncTransfer::on_write(char* data, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<AsyncTransfer*>(self);
  if (!t->listener_.on_body(*t, std::string_view(data, size * count))) {
    t->body_paused_ = true;
    return CURL_WRITEFUNC_PAUSE;
  }
  return size * count;
}

std::size_t AsyncTransfer::on_read(char* buffer, std::size_t size, std::size_t count, void* self) {
  auto* t = static_cast<AsyncTransfer*>(self);
  const std::size_t n = t->upload_.read(buffer, size * count);
  if (n != CURL_READFUNC_PAUSE && n > 0) {
    t->upload_taken_at_ = std::chrono::steady_clock::now();
    if (t->upload_.pending() == 0) t->listener_.on_upload_drained(*t);
  }
  return n;
}

}  // namespace sonde::proxy
