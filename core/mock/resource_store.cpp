#include "core/mock/resource_store.hpp"

#include <filesystem>
#include <strings.h>

#include "core/mock/problem.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/file_read.hpp"
#include "core/util/json_depth.hpp"

namespace sonde::mock {

namespace {

using nlohmann::json;

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

std::optional<std::string> parameter_name(const std::string& segment) {
  if (segment.size() > 2 && segment.front() == '{' && segment.back() == '}') return segment.substr(1, segment.size() - 2);
  return std::nullopt;
}

std::string id_text(const json& id) {
  if (id.is_string()) return id.get<std::string>();
  if (id.is_number_integer()) return std::to_string(id.get<long long>());
  return {};
}

std::optional<json> object_of(const std::string& text) {
  if (text.empty() || json_nesting_exceeds(text)) return std::nullopt;
  auto parsed = json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

MockResponse with_body(const MockResponse& documented, int status, std::string body) {
  MockResponse out = documented;
  out.status = status;
  out.body = std::move(body);
  bool typed = false;
  for (auto& [name, value] : out.headers) {
    if (strcasecmp(name.c_str(), "Content-Type") == 0) {
      value = "application/json";
      typed = true;
    }
  }
  if (!typed && !out.body.empty()) out.headers.emplace_back("Content-Type", "application/json");
  return out;
}

MockResponse missing(const ResourcePlace& place) {
  return problem_response(404, "Not Found", "no resource at " + place.collection + "/" + *place.id);
}

}  // namespace

std::optional<ResourcePlace> resource_place(const std::string& path_template,
                                            const std::map<std::string, std::string>& params) {
  auto parts = segments(path_template);
  if (parts.empty()) return std::nullopt;
  ResourcePlace place;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    std::string value = parts[i];
    if (auto name = parameter_name(parts[i])) {
      auto found = params.find(*name);
      if (found == params.end()) return std::nullopt;
      value = found->second;
      if (i + 1 == parts.size()) {
        place.id = value;
        break;
      }
    }
    place.collection += "/" + value;
  }
  return place;
}

Result<std::unique_ptr<ResourceStore>> ResourceStore::open(const std::string& state_file) {
  std::unique_ptr<ResourceStore> store(new ResourceStore());
  store->state_file_ = state_file;
  if (state_file.empty()) return store;
  if (auto ok = check_report_path(state_file); !ok) return std::unexpected(ok.error());
  std::error_code ec;
  if (!std::filesystem::exists(state_file, ec)) return store;  // the first run creates it
  auto text = read_file(state_file);
  if (!text) return std::unexpected(text.error());
  auto state = json_nesting_exceeds(*text) ? json(json::value_t::discarded) : json::parse(*text, nullptr, false);
  auto collections = state.is_object() ? state.find("collections") : state.end();
  if (state.is_discarded() || !state.is_object() || collections == state.end() || !collections->is_object()) {
    return fail(ErrorKind::invalid_input, "not a sonde mock state file (expected {\"collections\": {...}})", state_file,
                "delete it to start empty");
  }
  for (auto it = collections->begin(); it != collections->end(); ++it) {
    if (!it.value().is_array()) continue;
    for (const auto& item : it.value()) {
      std::string id = item.is_object() && item.contains("id") ? id_text(item["id"]) : "";
      if (id.empty()) continue;
      store->items_[it.key()][id] = item;
      store->order_[it.key()].push_back(id);
    }
  }
  return store;
}

Result<void> ResourceStore::save() const {
  if (state_file_.empty()) return {};
  json collections = json::object();
  for (const auto& [collection, ids] : order_) {
    json list = json::array();
    for (const auto& id : ids) list.push_back(items_.at(collection).at(id));
    collections[collection] = std::move(list);
  }
  return write_file_atomically(state_file_, json{{"collections", collections}}.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

std::optional<MockResponse> ResourceStore::answer(const std::string& method, const ResourcePlace& place,
                                                  const std::string& body, const MockResponse& documented) {
  std::lock_guard lock(mutex_);
  auto& items = items_[place.collection];
  auto& order = order_[place.collection];
  auto saved = [&](MockResponse response) -> MockResponse {
    if (auto ok = save(); !ok) {
      return problem_response(500, "Internal Server Error", "the mock could not write its state file: " + ok.error().message);
    }
    return response;
  };
  if (!place.id) {
    if (method == "GET") {
      // A list: the documented body's array (whole, or its first array member) holds what exists.
      json list = json::array();
      for (const auto& id : order) list.push_back(items.at(id));
      auto generated = json::parse(documented.body, nullptr, false);
      if (generated.is_array()) return with_body(documented, documented.status, dump(list));
      if (generated.is_object()) {
        for (auto it = generated.begin(); it != generated.end(); ++it) {
          if (!it.value().is_array()) continue;
          it.value() = std::move(list);
          return with_body(documented, documented.status, dump(generated));
        }
      }
      return std::nullopt;
    }
    if (method != "POST") return std::nullopt;
    auto sent = object_of(body);
    if (!sent) return std::nullopt;
    // The documented answer supplies what the client did not send (server-set fields).
    json resource = object_of(documented.body).value_or(json::object());
    resource.update(*sent);
    std::string id = sent->contains("id") ? id_text((*sent)["id"]) : "";
    if (id.empty()) {
      long& next = next_id_[place.collection];
      do id = std::to_string(++next);
      while (items.contains(id));
      const bool numeric = resource.contains("id") && resource["id"].is_number();
      resource["id"] = numeric ? json(std::stoll(id)) : json(id);
    }
    if (!items.contains(id)) order.push_back(id);
    items[id] = resource;
    MockResponse response = with_body(documented, documented.status, dump(resource));
    std::erase_if(response.headers, [](const auto& h) { return strcasecmp(h.first.c_str(), "Location") == 0; });
    response.headers.emplace_back("Location", place.collection + "/" + id);
    return saved(std::move(response));
  }
  const std::string& id = *place.id;
  auto found = items.find(id);
  if (method == "GET") {
    if (found == items.end()) return missing(place);
    return with_body(documented, documented.status, dump(found->second));
  }
  if (method == "DELETE") {
    if (found == items.end()) return missing(place);
    items.erase(found);
    std::erase(order, id);
    MockResponse response = documented;
    if (response.status == 204) response.body.clear();
    return saved(std::move(response));
  }
  if (method == "PUT" || method == "PATCH") {
    auto sent = object_of(body);
    if (!sent) return std::nullopt;
    if (method == "PATCH" && found == items.end()) return missing(place);
    // PUT replaces what the client controls; what the server sets (fields the documented answer
    // has and the client did not send) comes from the documented answer, as on creation.
    json resource = method == "PUT" ? object_of(documented.body).value_or(json::object()) : found->second;
    if (method == "PUT") resource.update(*sent);
    else resource.merge_patch(*sent);
    // The path names the resource: an id in the body does not move it.
    const bool numeric = resource.contains("id") && resource["id"].is_number_integer();
    resource["id"] = numeric && id.find_first_not_of("0123456789") == std::string::npos ? json(std::stoll(id)) : json(id);
    if (found == items.end()) order.push_back(id);
    items[id] = resource;
    return saved(with_body(documented, documented.status, dump(resource)));
  }
  return std::nullopt;
}

}  // namespace sonde::mock
