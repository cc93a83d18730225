#include "core/openapi/document.hpp"

#include "core/util/text_codec.hpp"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "core/openapi/ref_walker.hpp"
#include "core/util/json_pointer.hpp"

namespace sonde::openapi {

namespace {

std::string type_name(const DocValue& v) {
  if (v.is_array()) return "a list";
  if (v.is_string()) return "a string";
  if (v.is_number()) return "a number";
  if (v.is_boolean()) return "a boolean";
  if (v.is_null()) return "empty";
  return "an object";
}

Result<Dialect> detect_dialect(const SourceFile& file, std::string& version) {
  const auto& root = file.tree();
  if (!root.is_object()) {
    return fail(ErrorKind::invalid_input, "not an OpenAPI description: the top level is " + type_name(root),
                file.where(""));
  }
  const char* field = root.contains("openapi") ? "openapi" : root.contains("swagger") ? "swagger" : nullptr;
  if (!field) {
    return fail(ErrorKind::invalid_input, "not an OpenAPI description: no \"openapi\" or \"swagger\" field",
                file.where(""));
  }
  const auto& value = *root.member(field);
  version = value.is_string() ? value.str() : value.dump();
  if (field == std::string("swagger")) {
    if (version == "2.0") return Dialect::swagger2;
  } else if (version.starts_with("3.0")) {
    return Dialect::openapi30;
  } else if (version.starts_with("3.1")) {
    return Dialect::openapi31;
  }
  return fail(ErrorKind::invalid_input, "unsupported " + std::string(field) + " version \"" + version + "\"",
              file.where(std::string("/") + field), "sonde reads Swagger 2.0, OpenAPI 3.0.x and 3.1.x");
}

}  // namespace

std::string ref_target_file(const std::string& from, const std::string& file_part) {
  if (file_part.find("://") != std::string::npos) return file_part;
  if (auto scheme = from.find("://"); scheme != std::string::npos) {
    auto slash = from.rfind('/');
    return (slash > scheme + 2 ? from.substr(0, slash + 1) : from + "/") + file_part;
  }
  auto dir = std::filesystem::path(from).parent_path();
  return (dir / percent_decode(file_part)).lexically_normal().string();
}

// Read far more often than filled (the mock gives examples back from it on every request): readers
// share the lock.
struct Document::JsonCache {
  std::shared_mutex mutex;
  std::unordered_map<const DocValue*, std::unique_ptr<nlohmann::json>> converted;
};

Document::Document() : json_cache_(std::make_unique<JsonCache>()) {}
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;
Document::~Document() = default;

const std::string& Document::path() const { return files_.front()->path(); }
const DocValue& Document::root() const { return files_.front()->tree(); }

const nlohmann::json& Document::json(const DocValue& value) const {
  {
    std::shared_lock read(json_cache_->mutex);
    if (auto hit = json_cache_->converted.find(&value); hit != json_cache_->converted.end()) return *hit->second;
  }
  std::unique_lock write(json_cache_->mutex);
  auto& slot = json_cache_->converted[&value];
  if (!slot) slot = std::make_unique<nlohmann::json>(value.to_json());
  return *slot;
}
Node Document::root_node() const { return Node{&root(), 0, ""}; }

Node Document::child(const Node& node, std::string_view key) {
  if (!node.value) return {};
  // (an index of 21 digits wrapped around to some element before this went through step())
  const DocValue* value = node.value->step(key);
  if (!value) return {};
  return Node{value, node.file, node.pointer.child(key)};
}

Result<Node> Document::find(int file, std::string_view pointer) const {
  if (!pointer.empty() && pointer.front() != '/') {
    return fail(ErrorKind::invalid_input, "JSON pointer must start with \"/\"", std::string(pointer));
  }
  // A well-formed pointer is its own canonical form (escape(unescape(t)) == t), so the Node keeps
  // it as written: one allocation, where stepping through child() made one per token.
  const DocValue* value = &files_.at(static_cast<std::size_t>(file))->tree();
  std::string unescaped;
  for (std::size_t start = 1; start <= pointer.size() && value;) {
    std::size_t end = std::min(pointer.find('/', start), pointer.size());
    std::string_view token = pointer.substr(start, end - start);
    if (token.find('~') != std::string_view::npos) {
      auto plain = json_pointer::unescape(token);
      if (!plain) return std::unexpected(plain.error());
      unescaped = std::move(*plain);
      token = unescaped;
    }
    value = value->step(token);
    start = end + 1;
  }
  if (!value) return fail(ErrorKind::invalid_input, "no such value", std::string(pointer));
  return Node{value, file, std::string(pointer)};
}

Result<Node> Document::target(int from_file, const std::string& ref) const {
  auto hash = ref.find('#');
  std::string file_part = ref.substr(0, hash);
  std::string fragment = hash == std::string::npos ? "" : percent_decode(std::string_view(ref).substr(hash + 1));
  int file = from_file;
  if (!file_part.empty()) {
    auto key = ref_target_file(files_.at(static_cast<std::size_t>(from_file))->path(), file_part);
    if (key.find("://") != std::string::npos && !options_.allow_remote_refs) {
      return fail(ErrorKind::invalid_input, "remote $ref \"" + ref + "\" is not fetched", {},
                  "sonde never fetches URLs unless --allow-remote-refs is given");
    }
    auto it = file_index_.find(key);
    if (it == file_index_.end()) return fail(ErrorKind::invalid_input, "$ref file \"" + file_part + "\" not loaded");
    file = it->second;
  }
  auto node = find(file, fragment);
  if (!node) return fail(ErrorKind::invalid_input, "$ref target not found: \"" + ref + "\"");
  return node;
}

std::size_t Document::ref_site_of(const DocValue* holder) const {
  auto at = std::lower_bound(ref_sites_.begin(), ref_sites_.end(), holder,
                             [](const RefSite& site, const DocValue* h) { return std::less<>()(site.holder, h); });
  return at != ref_sites_.end() && at->holder == holder ? static_cast<std::size_t>(at - ref_sites_.begin())
                                                         : ref_sites_.size();
}

const Node* Document::known_target(const DocValue* holder) const {
  std::size_t at = ref_site_of(holder);
  return at < ref_sites_.size() ? &ref_targets_[ref_sites_[at].target] : nullptr;
}

Result<Node> Document::resolve(const Node& node) const {
  Node current = node;
  for (int hops = 0; hops < 64; ++hops) {
    if (!current.value || !current.value->is_object()) return current;
    const DocValue* ref = current.value->member("$ref");
    if (!ref || !ref->is_string()) return current;
    if (const Node* known = known_target(current.value)) {
      current = *known;
      continue;
    }
    auto next = target(current.file, ref->str());
    if (!next) {
      Error e = next.error();
      e.where = where(current);
      return std::unexpected(e);
    }
    current = std::move(*next);
  }
  return fail(ErrorKind::invalid_input, "$ref chain longer than 64 hops (a reference loop?)", where(node));
}

Result<Node> Document::follow(int file, std::string_view ref) const {
  auto next = target(file, std::string(ref));
  if (!next) return next;
  return resolve(*next);
}

Result<Node> Document::resolve_child(const Node& node, std::string_view key) const {
  if (!node.value) return Node{};
  const DocValue* value = node.value->step(key);
  if (!value) return Node{};
  if (value->is_object()) {
    const DocValue* ref = value->member("$ref");
    if (ref && ref->is_string()) {
      const Node* known = known_target(value);
      auto next = known ? Result<Node>(*known) : target(node.file, ref->str());
      if (next) {
        if (auto end = resolve(*next); end) return end;
      }
      return resolve(child(node, key));  // a failure is worded from the member itself, as before
    }
  }
  return Node{value, node.file, node.pointer.child(key)};
}

std::string Document::where(const Node& node) const {
  return files_.at(static_cast<std::size_t>(node.file))->where(node.pointer.str());
}

std::string Document::where(std::string_view pointer) const { return files_.front()->where(pointer); }

Result<Document> load(const std::string& path, const LoadOptions& options) {
  Document doc;
  doc.options_ = options;
  auto main = SourceFile::load(path, options.limits);
  if (!main) return std::unexpected(main.error());
  auto dialect = detect_dialect(**main, doc.version_);
  if (!dialect) return std::unexpected(dialect.error());
  doc.dialect_ = *dialect;
  if (const DocValue* paths = (*main)->tree().member("paths"); paths && !paths->is_object()) {
    return fail(ErrorKind::invalid_input, "\"paths\" must be a map", (*main)->where("/paths"));
  }
  doc.file_index_[std::filesystem::path(path).lexically_normal().string()] = 0;
  doc.files_.push_back(std::move(*main));
  RefWalker walker(doc);
  if (auto walked = walker.run(); !walked) return std::unexpected(walked.error());
  return doc;
}

}  // namespace sonde::openapi
