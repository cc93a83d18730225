#include "core/openapi/view.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <exception>
#include <system_error>
#include <iterator>
#include <thread>

#include "core/util/json_pointer.hpp"

namespace sonde::openapi {

namespace {

// Below this many paths a second thread costs more than it saves.
constexpr std::size_t k_parallel_paths = 2000;

constexpr std::array<std::string_view, 8> k_methods{"get", "put", "post", "delete", "options", "head", "patch", "trace"};

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// Members read for their value only: no Node, so no pointer string is built for them.
const DocValue* member_value(const Node& node, std::string_view key) {
  return node ? node.value->step(key) : nullptr;
}

std::string str(const Node& node, std::string_view key) {
  const DocValue* c = member_value(node, key);
  return c && c->is_string() ? c->get<std::string>() : std::string();
}

bool flag(const Node& node, std::string_view key) {
  const DocValue* c = member_value(node, key);
  return c && c->is_boolean() && c->get<bool>();
}

Result<void> expect(const Document& doc, const Node& node, bool object, const std::string& what) {
  if (!node) return {};
  if (object ? node->is_object() : node->is_array()) return {};
  return fail(ErrorKind::invalid_input, what + " must be " + (object ? "a map" : "a list"), doc.where(node));
}

class Builder {
 public:
  Builder(const Document& doc, ViewDepth depth)
      : doc_(doc),
        swagger_(doc.dialect() == Dialect::swagger2),
        depth_(depth),
        global_security_(Document::child(doc.root_node(), "security")) {}

  Result<View> run() {
    View view;
    Node root = doc_.root_node();
    Node paths = Document::child(root, "paths");
    if (auto ok = expect(doc_, paths, true, "\"paths\""); !ok) return std::unexpected(ok.error());
    view.servers = servers(root);
    if (auto ok = paths_in_halves(paths, view.operations); !ok) return std::unexpected(ok.error());
    Node hooks = Document::child(root, "webhooks");
    if (hooks && hooks->is_object()) {
      if (auto ok = path_items(hooks, "webhooks/", view.webhooks); !ok) return std::unexpected(ok.error());
    }
    if (!swagger_)
      for (const auto& parent : view.operations) callbacks_of(parent, view.callbacks);
    return view;
  }

  // An operation's callbacks (name -> expression -> Path Item). Only `sonde diff` reads them, so a
  // malformed one is skipped rather than failing check and mock, which never did read them.
  void callbacks_of(const Operation& parent, std::vector<Operation>& out) const {
    Node map = Document::child(parent.node, "callbacks");
    if (!map || !map->is_object()) return;
    for (auto it = map->begin(); it != map->end(); ++it) {
      if (it.key().starts_with("x-")) continue;
      auto callback = resolve_child(map, it.key());
      if (!callback || !*callback || !(*callback)->is_object()) continue;
      for (auto ex = (*callback)->begin(); ex != (*callback)->end(); ++ex) {
        if (ex.key().starts_with("x-")) continue;
        auto item = resolve_child(*callback, ex.key());
        if (!item || !*item || !(*item)->is_object()) continue;
        for (auto method : k_methods) {
          Node op = Document::child(*item, method);
          if (!op || !op->is_object()) continue;
          auto built = operation(std::string(ex.key()) + " (callback " + std::string(it.key()) + " of " + parent.name() + ")", method, *item, op);
          if (!built) continue;
          // An outline must hold the callbacks a full view holds: one that would not complete is
          // skipped here too, not failed when the diff completes it.
          if (depth_ == ViewDepth::outline) {
            Operation probe = *built;
            if (!complete(probe)) continue;
          }
          built->key = built->method + " " + built->path;  // expressions are not templates: keep them whole
          built->parent = parent.name();
          out.push_back(std::move(*built));
        }
      }
    }
  }

  // The operations of a map of Path Items (`paths`, or 3.1 `webhooks` whose keys are names).
  Result<void> path_items(const Node& items, const std::string& prefix, std::vector<Operation>& out) {
    if (!items) return {};
    out.reserve(out.size() + operation_count(items->begin(), items->end()));
    return path_items(items, prefix, out, items->begin(), items->end());
  }

  // How many operations the Path Items in [first, last) hold (one for a $ref), so the list is
  // sized once: 22,000 operations of 520 bytes moved at every doubling of the vector were a
  // tenth of graph-beta's view.
  static std::size_t operation_count(DocValue::const_iterator first, DocValue::const_iterator last) {
    std::size_t n = 0;
    for (auto it = first; it != last; ++it) {
      if (!it->is_object()) continue;
      if (it->contains("$ref")) ++n;
      for (auto method : k_methods) n += it->contains(method) ? 1 : 0;
    }
    return n;
  }

  // `paths` of a large description, its two halves built on two threads (graph-beta's 22,000
  // operations: the view is most of `sonde mock`'s start after parsing). Same result, same first
  // error, as building it in one go: the halves are joined in order.
  Result<void> paths_in_halves(const Node& items, std::vector<Operation>& out) {
    if (!items || items->size() < k_parallel_paths) return path_items(items, "", out);
    const auto middle = std::next(items->begin(), static_cast<std::ptrdiff_t>(items->size() / 2));
    out.reserve(out.size() + operation_count(items->begin(), items->end()));
    std::vector<Operation> second;
    second.reserve(operation_count(middle, items->end()));
    Result<void> second_ok;
    std::exception_ptr thrown;  // bad_alloc, on the other thread
    std::thread other;
    try {
      other = std::thread([&] {
        try {
          second_ok = path_items(items, "", second, middle, items->end());
        } catch (...) {
          thrown = std::current_exception();
        }
      });
    } catch (const std::system_error&) {  // no thread to spare: one pass, as for a small map
      return path_items(items, "", out);
    }
    Result<void> first_ok;
    try {
      first_ok = path_items(items, "", out, items->begin(), middle);
    } catch (...) {
      other.join();
      throw;
    }
    other.join();
    if (thrown) std::rethrow_exception(thrown);
    if (!first_ok) return first_ok;
    if (!second_ok) return second_ok;
    out.insert(out.end(), std::make_move_iterator(second.begin()), std::make_move_iterator(second.end()));
    return {};
  }

  Result<void> path_items(const Node& items, const std::string& prefix, std::vector<Operation>& out,
                          DocValue::const_iterator first, DocValue::const_iterator last) const {
    for (auto it = first; it != last; ++it) {
      if (it.key().starts_with("x-")) continue;
      auto item = resolve_child(items, it.key());
      if (!item) return std::unexpected(item.error());
      if (!*item) continue;
      if (auto ok = expect(doc_, *item, true, "a path item"); !ok) return std::unexpected(ok.error());
      for (auto method : k_methods) {
        Node op = Document::child(*item, method);
        if (!op) continue;
        if (auto ok = expect(doc_, op, true, "an operation"); !ok) return std::unexpected(ok.error());
        auto built = operation(prefix + std::string(it.key()), method, *item, op);
        if (!built) return std::unexpected(built.error());
        out.push_back(std::move(*built));
      }
    }
    return {};
  }

 private:
  // Under --lenient an unresolvable reference has already been reported; it reads as absent.
  Result<Node> resolve_child(const Node& node, std::string_view key) const {
    auto r = doc_.resolve_child(node, key);
    if (!r && !doc_.problems().empty()) return Node{};
    return r;
  }

  std::vector<std::string> servers(const Node& root) const {
    std::vector<std::string> out;
    if (swagger_) {
      std::string host = str(root, "host");
      if (host.empty()) return out;
      Node schemes = Document::child(root, "schemes");
      std::string scheme = schemes && schemes->is_array() && !schemes->empty() && (*schemes)[0].is_string()
                               ? (*schemes)[0].get<std::string>()
                               : "https";
      out.push_back(scheme + "://" + host + str(root, "basePath"));
      return out;
    }
    Node list = Document::child(root, "servers");
    if (list && list->is_array())
      for (const auto& server : *list)
        if (server.is_object() && server.contains("url") && server["url"].is_string())
          out.push_back(server["url"].get<std::string>());
    return out;
  }

  std::vector<std::string> media_list(const Node& op, std::string_view key) const {
    Node list = Document::child(op, key);
    if (!list || !list->is_array()) list = Document::child(doc_.root_node(), key);
    std::vector<std::string> out;
    if (list && list->is_array())
      for (const auto& v : *list)
        if (v.is_string()) out.push_back(v.get<std::string>());
    if (out.empty()) out.push_back("application/json");
    return out;
  }

  Result<void> parameters(const Node& list, std::vector<Parameter>& out, std::optional<RequestBody>& body,
                          const Node& op) const {
    if (!list) return {};
    if (auto ok = expect(doc_, list, false, "\"parameters\""); !ok) return ok;
    out.reserve(out.size() + list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto p = resolve_child(list, std::to_string(i));
      if (!p) return std::unexpected(p.error());
      if (!*p) continue;
      if (auto ok = expect(doc_, *p, true, "a parameter"); !ok) return ok;
      Parameter param;
      param.name = str(*p, "name");
      param.in = str(*p, "in");
      param.node = *p;
      param.required = flag(*p, "required") || param.in == "path";
      if (swagger_ && param.in == "body") {
        RequestBody rb{flag(*p, "required"), *p, {}};
        for (const auto& m : media_list(op, "consumes")) rb.content.push_back({m, *p, Document::child(*p, "schema")});
        body = std::move(rb);
        continue;
      }
      param.schema = swagger_ ? *p : Document::child(*p, "schema");
      param.style = str(*p, "style");
      if (param.style.empty()) param.style = (param.in == "query" || param.in == "cookie") ? "form" : "simple";
      const DocValue* explode = member_value(*p, "explode");
      param.explode = explode && explode->is_boolean() ? explode->get<bool>() : param.style == "form";
      // Operation-level parameters override path-level ones with the same name and location
      // (header names compare case-insensitively, RFC 9110 section 5.1).
      auto same = std::find_if(out.begin(), out.end(), [&](const Parameter& q) {
        if (q.in != param.in) return false;
        if (q.in != "header") return q.name == param.name;
        return q.name.size() == param.name.size() &&
               std::equal(q.name.begin(), q.name.end(), param.name.begin(), [](char a, char b) {
                 return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
               });
      });
      if (same != out.end()) *same = std::move(param);
      else out.push_back(std::move(param));
    }
    return {};
  }

  Result<std::vector<MediaType>> content(const Node& owner) const {
    std::vector<MediaType> out;
    Node c = Document::child(owner, "content");
    if (!c) return out;
    if (auto ok = expect(doc_, c, true, "\"content\""); !ok) return std::unexpected(ok.error());
    out.reserve(c->size());
    for (auto it = c->begin(); it != c->end(); ++it) {
      Node m = Document::child(c, it.key());
      out.push_back({std::string(it.key()), m, Document::child(m, "schema")});
    }
    return out;
  }

  Result<void> responses(const Node& op, Operation& out) const {
    Node list = Document::child(op, "responses");
    if (!list) return {};
    if (auto ok = expect(doc_, list, true, "\"responses\""); !ok) return ok;
    out.responses.reserve(list->size());
    for (auto it = list->begin(); it != list->end(); ++it) {
      if (it.key().starts_with("x-")) continue;
      auto r = resolve_child(list, it.key());
      if (!r) return std::unexpected(r.error());
      if (!*r) continue;
      if (auto ok = expect(doc_, *r, true, "a response"); !ok) return ok;
      Response response{upper(it.key()), *r, {}, {}};
      if (response.code == "DEFAULT") response.code = "default";
      if (swagger_) {
        if (Node s = Document::child(*r, "schema"))
          for (const auto& m : media_list(op, "produces")) response.content.push_back({m, *r, s});
      } else {
        auto c = content(*r);
        if (!c) return std::unexpected(c.error());
        response.content = std::move(*c);
      }
      if (Node headers = Document::child(*r, "headers"); headers && headers->is_object()) {
        for (auto h = headers->begin(); h != headers->end(); ++h) {
          auto hn = resolve_child(headers, h.key());
          if (!hn) return std::unexpected(hn.error());
          if (!*hn) continue;
          Node schema = swagger_ ? *hn : Document::child(*hn, "schema");
          response.headers.push_back({std::string(h.key()), flag(*hn, "required"), *hn, schema});
        }
      }
      out.responses.push_back(std::move(response));
    }
    return {};
  }

  void security(const Node& op, Operation& out) const {
    Node sec = Document::child(op, "security");
    if (!sec) sec = global_security_;
    out.security_node = sec;
    if (!sec || !sec->is_array()) return;
    for (const auto& alt : *sec) {
      if (!alt.is_object()) continue;
      SecurityRequirement req;
      for (auto it = alt.begin(); it != alt.end(); ++it) {
        std::vector<std::string> scopes;
        if (it->is_array())
          for (const auto& s : *it)
            if (s.is_string()) scopes.push_back(s.get<std::string>());
        std::sort(scopes.begin(), scopes.end());
        req.emplace_back(it.key(), std::move(scopes));
      }
      out.security.push_back(std::move(req));
    }
  }

  Result<Operation> operation(const std::string& path, std::string_view method, const Node& item, const Node& op) const {
    Operation out;
    out.method = upper(method);
    out.path = path;
    out.key = out.method + " " + normalize_path(path);
    out.node = op;
    out.item = item;
    out.operation_id = str(op, "operationId");
    out.deprecated = flag(op, "deprecated");
    out.sunset = str(op, "x-sunset");
    if (depth_ == ViewDepth::outline) return out;
    if (auto ok = complete(out); !ok) return std::unexpected(ok.error());
    return out;
  }

 public:
  // Parameters (path-level, then operation-level), request body, responses and security.
  Result<void> complete(Operation& out) const {
    const Node& item = out.item;
    const Node& op = out.node;
    out.summary = str(op, "summary");
    out.description = str(op, "description");
    if (auto ok = parameters(Document::child(item, "parameters"), out.parameters, out.body, op); !ok)
      return std::unexpected(ok.error());
    if (auto ok = parameters(Document::child(op, "parameters"), out.parameters, out.body, op); !ok)
      return std::unexpected(ok.error());
    if (!swagger_) {
      auto rb = resolve_child(op, "requestBody");
      if (!rb) return std::unexpected(rb.error());
      if (*rb) {
        if (auto ok = expect(doc_, *rb, true, "\"requestBody\""); !ok) return std::unexpected(ok.error());
        auto c = content(*rb);
        if (!c) return std::unexpected(c.error());
        out.body = RequestBody{flag(*rb, "required"), *rb, std::move(*c)};
      }
    }
    if (auto ok = responses(op, out); !ok) return std::unexpected(ok.error());
    security(op, out);
    return {};
  }

 private:
  const Document& doc_;
  bool swagger_;
  ViewDepth depth_;
  Node global_security_;
};

}  // namespace

std::string normalize_path(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  bool in_param = false;
  for (char c : path) {
    if (c == '{') {
      in_param = true;
      out += "{}";
    } else if (c == '}') {
      in_param = false;
    } else if (!in_param) {
      out += c;
    }
  }
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

Result<View> build_view(const Document& doc, ViewDepth depth) { return Builder(doc, depth).run(); }

Result<void> complete_operation(const Document& doc, Operation& op) {
  op.parameters.clear();
  op.body.reset();
  op.summary.clear();
  op.description.clear();
  op.responses.clear();
  op.security.clear();
  return Builder(doc, ViewDepth::full).complete(op);
}

}  // namespace sonde::openapi
