#include "core/openapi/ref_walker.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/net/fetch_url.hpp"
#include "core/util/json_pointer.hpp"
#include "core/util/text_codec.hpp"
#include "core/util/text.hpp"

namespace sonde::openapi {

namespace {

// Members whose values are maps from user-chosen names to objects: under them a key such as
// "default" or "example" is a name (a property called "default"), not a keyword.
bool is_name_map(std::string_view key) {
  static const std::set<std::string_view> k_maps{
      "properties", "patternProperties", "definitions", "$defs", "paths", "responses", "callbacks",
      "schemas", "parameters", "headers", "content", "links", "securitySchemes", "requestBodies",
      "components", "variables", "encoding", "dependentSchemas", "webhooks", "pathItems", "securityDefinitions"};
  return k_maps.contains(key);
}

bool is_data(std::string_view key) {
  return key == "example" || key == "default" || key == "enum" || key == "const" || key.starts_with("x-");
}

// Absolute, normalized and with symlinks resolved as far as the path exists.
std::filesystem::path resolved(const std::string& path) {
  std::error_code ec;
  auto absolute = std::filesystem::absolute(path, ec);
  if (ec) return std::filesystem::path(path).lexically_normal();
  auto canonical = std::filesystem::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

bool is_inside(const std::filesystem::path& dir, const std::filesystem::path& target) {
  auto relative = target.lexically_relative(dir);
  return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

std::string RefWalker::pointer() const {
  std::string p;
  for (auto token : path_) p = json_pointer::append(p, token);
  return p;
}

Result<void> RefWalker::run() {
  root_dir_ = doc_.options_.ref_root.empty() ? resolved(doc_.files_.front()->path()).parent_path()
                                             : resolved(doc_.options_.ref_root);
  for (std::size_t i = 0; i < doc_.files_.size(); ++i) {  // files_ grows while walking
    path_.clear();
    if (auto r = walk(doc_.files_[i]->tree(), static_cast<int>(i), Mode::names); !r) return r;
  }
  std::sort(doc_.ref_sites_.begin(), doc_.ref_sites_.end(), [](const Document::RefSite& a, const Document::RefSite& b) {
    return std::less<>()(a.holder, b.holder);
  });
  target_index_.clear();
  if (dangling_.empty()) return check_loops();
  if (!doc_.options_.lenient) {
    Error first = dangling_.front();
    if (dangling_.size() > 1) first.message += " (" + std::to_string(dangling_.size()) + " unresolved $refs in all)";
    first.hint = first.hint.empty() ? "--lenient reports them and diffs what can be diffed" : first.hint;
    return std::unexpected(first);
  }
  doc_.problems_ = std::move(dangling_);
  return check_loops();
}

// The folder of the description bounds what a local $ref may read: a description from elsewhere
// must not make sonde read /etc/passwd or ../../secrets.yaml (and echo parts of it in errors).
Result<void> RefWalker::check_inside(const std::string& ref, int file, const std::string& file_part) {
  if (doc_.options_.allow_outside_refs) return {};
  auto target = resolved(ref_target_file(doc_.files_[static_cast<std::size_t>(file)]->path(), file_part));
  if (is_inside(root_dir_, target)) return {};
  return fail(ErrorKind::invalid_input,
              "$ref \"" + shortened(ref) + "\" points outside the description's folder (" + target.string() + ")",
              doc_.files_[static_cast<std::size_t>(file)]->where(json_pointer::append(pointer(), "$ref")),
              "sonde reads local $refs only inside the folder of the description; --allow-outside-refs lifts this");
}

// A chain of $refs must end at a value. Chains are followed once each: a reference whose chain is
// known to end is not followed again, so this is linear in the number of references. Values are
// told apart by address: each lives at one place of one file's tree. The references the walk
// recorded are followed by index, without a pointer string; a loop, which is an error, is
// followed again with pointers to name its members.
Result<void> RefWalker::check_loops() const {
  const auto& sites = doc_.ref_sites_;
  std::vector<char> ends(sites.size(), 0);
  std::vector<const DocValue*> chain;
  std::vector<std::size_t> chain_sites;
  for (const auto& site : sites_) {
    chain.clear();
    chain_sites.clear();
    Node current{site.value, site.file, ""};
    while (true) {
      const std::size_t at = doc_.ref_site_of(current.value);
      if (at < sites.size() && ends[at]) break;
      if (std::find(chain.begin(), chain.end(), current.value) != chain.end()) return std::unexpected(loop_from(site));
      chain.push_back(current.value);
      if (at < sites.size()) chain_sites.push_back(at);
      if (!current.value->is_object()) break;
      const DocValue* ref = current.value->member("$ref");
      if (!ref || !ref->is_string()) break;
      if (at < sites.size()) {
        const Node& known = doc_.ref_targets_[sites[at].target];
        current = Node{known.value, known.file, {}};
        continue;
      }
      auto next = doc_.target(current.file, ref->str());
      if (!next) break;  // dangling: already reported, or a problem under --lenient
      current = Node{next->value, next->file, {}};
    }
    for (std::size_t at : chain_sites) ends[at] = 1;
  }
  return {};
}

// The loop reached from `site`, followed again with every member's pointer.
Error RefWalker::loop_from(const Site& site) const {
  std::vector<Node> chain;
  Node current{site.value, site.file, pointer_of(site.file, site.value)};
  while (true) {
    auto seen = std::find_if(chain.begin(), chain.end(), [&](const Node& n) { return n.value == current.value; });
    if (seen != chain.end()) return loop_error({seen, chain.end()});
    chain.push_back(current);
    // Every member of a loop holds a $ref that resolves; should one not, the chain so far is told.
    const DocValue* ref = current.value->is_object() ? current.value->member("$ref") : nullptr;
    auto next = ref && ref->is_string() ? doc_.target(current.file, ref->str()) : Result<Node>(std::unexpected(Error{}));
    if (!next) return loop_error(std::move(chain));
    current = std::move(*next);
  }
}

std::string RefWalker::pointer_of(int file, const DocValue* value) const {
  std::string found;
  auto search = [&](auto& self, const DocValue& node, const std::string& at) -> bool {
    if (&node == value) {
      found = at;
      return true;
    }
    if (node.is_object()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        if (self(self, *it, json_pointer::append(at, it.key()))) return true;
      }
    } else if (node.is_array()) {
      for (std::size_t i = 0; i < node.size(); ++i) {
        if (self(self, node[i], json_pointer::append(at, std::to_string(i)))) return true;
      }
    }
    return false;
  };
  search(search, doc_.files_[static_cast<std::size_t>(file)]->tree(), "");
  return found;
}

// "$ref loop: #/components/schemas/A -> other.yaml#/B -> #/components/schemas/A", the files
// named relative to the first one's folder, at the first reference of the loop.
Error RefWalker::loop_error(std::vector<Node> loop) const {
  const SourceFile& first = *doc_.files_[static_cast<std::size_t>(loop.front().file)];
  auto folder = std::filesystem::path(first.path()).parent_path();
  auto name = [&](const Node& node) {
    const std::string& path = doc_.files_[static_cast<std::size_t>(node.file)]->path();
    std::string file;
    if (node.file != loop.front().file) {
      file = path.find("://") != std::string::npos ? path : std::filesystem::path(path).lexically_relative(folder).string();
      if (file.empty()) file = path;
    }
    return file + "#" + node.pointer.str();
  };
  std::string chain;
  for (const auto& node : loop) chain += name(node) + " -> ";
  chain += name(loop.front());
  return Error{ErrorKind::invalid_input, "$ref loop: " + shortened(chain, 1000),
               first.where(loop.front().pointer.child("$ref").str()),
               "a $ref must lead to a schema or another value, not back to itself"};
}

Result<int> RefWalker::load_file(int from_file, const std::string& file_part) {
  auto key = ref_target_file(doc_.files_[static_cast<std::size_t>(from_file)]->path(), file_part);
  if (auto it = doc_.file_index_.find(key); it != doc_.file_index_.end()) return it->second;
  Result<std::unique_ptr<SourceFile>> file = std::unexpected(Error{});
  if (key.find("://") != std::string::npos) {
    auto hash = key.find('#');
    auto text = net::fetch_url(key.substr(0, hash), {doc_.options_.limits.max_bytes, 30});
    if (!text) return std::unexpected(text.error());
    file = SourceFile::parse(key, std::move(*text), doc_.options_.limits);
  } else {
    file = SourceFile::load(key, doc_.options_.limits);
  }
  if (!file) return std::unexpected(file.error());
  int index = static_cast<int>(doc_.files_.size());
  doc_.files_.push_back(std::move(*file));
  doc_.file_index_[key] = index;
  return index;
}

Result<void> RefWalker::check(std::string_view ref_text, int file, const DocValue* holder) {
  // The same reference from the same file passed every check below already (or the walk would
  // have stopped): it leads where it led then.
  if (target_index_.size() <= static_cast<std::size_t>(file)) target_index_.resize(static_cast<std::size_t>(file) + 1);
  auto& known = target_index_[static_cast<std::size_t>(file)];
  if (auto seen = known.find(ref_text); seen != known.end()) {
    doc_.ref_sites_.push_back({holder, seen->second});
    return {};
  }
  const std::string ref(ref_text);
  auto hash = ref.find('#');
  std::string file_part = ref.substr(0, hash);
  bool remote = !file_part.empty() &&
                ref_target_file(doc_.files_[static_cast<std::size_t>(file)]->path(), file_part).find("://") !=
                    std::string::npos;
  if (!file_part.empty() && !remote) {
    if (auto inside = check_inside(ref, file, file_part); !inside) return inside;
  }
  if (!file_part.empty() && (!remote || doc_.options_.allow_remote_refs)) {
    auto loaded = load_file(file, file_part);
    if (!loaded) {
      Error e = loaded.error();
      e.message = "$ref \"" + ref + "\": " + e.message + " (" + e.where + ")";
      e.where = doc_.files_[static_cast<std::size_t>(file)]->where(pointer());
      return std::unexpected(e);
    }
  }
  auto target = doc_.target(file, ref);
  if (!target) {
    Error e = target.error();
    e.where = doc_.files_[static_cast<std::size_t>(file)]->where(json_pointer::append(pointer(), "$ref"));
    dangling_.push_back(std::move(e));
    return {};
  }
  const auto index = static_cast<std::uint32_t>(doc_.ref_targets_.size());
  doc_.ref_targets_.push_back(std::move(*target));
  target_index_[static_cast<std::size_t>(file)].emplace(ref_text, index);
  doc_.ref_sites_.push_back({holder, index});
  return {};
}

Result<void> RefWalker::walk(const DocValue& value, int file, Mode mode) {
  if (value.is_array()) {
    if (mode == Mode::example_entries) return {};  // 3.1 schema "examples": a list of values
    for (std::size_t i = 0; i < value.size(); ++i) {
      std::string index = std::to_string(i);
      path_.push_back(index);
      auto r = walk(value[i], file, Mode::schema);
      path_.pop_back();
      if (!r) return r;
    }
    return {};
  }
  if (!value.is_object()) return {};
  for (auto it = value.begin(); it != value.end(); ++it) {
    std::string_view key = it.key();
    Mode child = Mode::schema;
    if (mode == Mode::names) {
      child = Mode::schema;
    } else if (mode == Mode::example_entries) {
      child = Mode::example;
    } else if (key == "$ref" && it->is_string()) {
      if (auto r = check(it->string(), file, &value); !r) return r;
      sites_.push_back(Site{&value, file});
      continue;
    } else if (mode == Mode::example && (key == "value" || key == "externalValue")) {
      continue;
    } else if (is_data(key)) {
      continue;
    } else if (key == "examples") {
      child = Mode::example_entries;
    } else if (is_name_map(key)) {
      child = Mode::names;
    }
    path_.push_back(key);
    auto r = walk(*it, file, child);
    path_.pop_back();
    if (!r) return r;
  }
  return {};
}

}  // namespace sonde::openapi
