#include "core/check/regex_backtrack.hpp"

namespace sonde::check::regex {

using Op = BacktrackProgram::Op;
using Inst = BacktrackProgram::Inst;

class BacktrackCompiler {
 public:
  explicit BacktrackCompiler(BacktrackProgram& p) : p_(p) {}

  bool compile(const Tree& tree) {
    p_.slots_ = 2 * (tree.captures + 1);
    emit(tree.root, false);
    add({Op::match});
    // Lookaround bodies are separate sub-programs, each ending in its own match.
    while (!pending_.empty() && !too_big_) {
      Pending look = pending_.back();
      pending_.pop_back();
      p_.code_[look.inst].x = here();
      emit(*look.body, look.backward);
      add({Op::match});
    }
    const Node& first = tree.root.kind == Kind::sequence ? tree.root.children.front() : tree.root;
    p_.anchored_ = first.kind == Kind::line_start;
    return !too_big_;
  }

 private:
  struct Pending {
    std::size_t inst;
    const Node* body;
    bool backward;
  };

  std::int32_t here() const { return static_cast<std::int32_t>(p_.code_.size()); }

  std::size_t add(Inst inst) {
    if (p_.code_.size() >= BacktrackProgram::k_max_instructions) {
      too_big_ = true;
      return 0;
    }
    p_.code_.push_back(inst);
    return p_.code_.size() - 1;
  }

  void emit(const Node& n, bool backward) {
    if (too_big_) return;
    switch (n.kind) {
      case Kind::empty: break;
      case Kind::set:
        p_.sets_.push_back(n.set);
        add({Op::set, backward, false, static_cast<std::int32_t>(p_.sets_.size() - 1)});
        break;
      case Kind::sequence:
        if (backward) {
          for (auto it = n.children.rbegin(); it != n.children.rend(); ++it) emit(*it, backward);
        } else {
          for (const auto& c : n.children) emit(c, backward);
        }
        break;
      case Kind::alternation: alternation(n, backward); break;
      case Kind::group:
        if (n.group > 0) add({Op::save, false, false, 2 * n.group + (backward ? 1 : 0)});
        emit(n.children[0], backward);
        if (n.group > 0) add({Op::save, false, false, 2 * n.group + (backward ? 0 : 1)});
        break;
      case Kind::repeat: repeat(n, backward); break;
      case Kind::line_start: add({Op::line_start}); break;
      case Kind::line_end: add({Op::line_end}); break;
      case Kind::word_boundary: add({Op::word_boundary}); break;
      case Kind::not_word_boundary: add({Op::not_word_boundary}); break;
      case Kind::look: pending_.push_back({add({Op::look, false, n.negative}), &n.children[0], n.behind}); break;
      case Kind::backreference: add({Op::backref, backward, false, n.group}); break;
    }
  }

  void alternation(const Node& n, bool backward) {
    std::vector<std::size_t> jumps;
    for (std::size_t i = 0; i < n.children.size() && !too_big_; ++i) {
      bool last = i + 1 == n.children.size();
      std::size_t split = last ? 0 : add({Op::split, false, false, here() + 1});
      emit(n.children[i], backward);
      if (last || too_big_) break;
      jumps.push_back(add({Op::jump}));
      p_.code_[split].y = here();
    }
    if (too_big_) return;
    for (auto j : jumps) p_.code_[j].x = here();
  }

  // Mandatory iterations first, then the optional ones, each guarded against matching empty
  // (ECMA-262 RepeatMatcher step 2.b) and starting with its captures reset (step 4).
  void repeat(const Node& n, bool backward) {
    const Node& body = n.children[0];
    auto clear = [&] {
      if (n.end_group > n.first_group) add({Op::clear, false, false, 2 * n.first_group, 2 * n.end_group});
    };
    for (std::uint32_t i = 0; i < n.min && !too_big_; ++i) {
      clear();
      emit(body, backward);
    }
    if (n.max == n.min || too_big_) return;
    std::int32_t mark = p_.slots_++;
    auto iteration = [&] {
      add({Op::save, false, false, mark});
      clear();
      emit(body, backward);
      add({Op::progress, false, false, mark});
    };
    std::vector<std::size_t> splits;
    if (n.max == k_unbounded) {
      std::int32_t loop = here();
      splits.push_back(add({Op::split}));
      iteration();
      add({Op::jump, false, false, loop});
    } else {
      for (std::uint32_t i = n.min; i < n.max && !too_big_; ++i) {
        splits.push_back(add({Op::split}));
        iteration();
      }
    }
    if (too_big_) return;
    for (auto s : splits) {
      std::int32_t body_start = static_cast<std::int32_t>(s) + 1;
      p_.code_[s].x = n.greedy ? body_start : here();
      p_.code_[s].y = n.greedy ? here() : body_start;
    }
  }

  BacktrackProgram& p_;
  std::vector<Pending> pending_;
  bool too_big_ = false;
};

std::optional<BacktrackProgram> BacktrackProgram::compile(const Tree& tree) {
  if (tree.uses_properties) return std::nullopt;
  BacktrackProgram program;
  if (!BacktrackCompiler(program).compile(tree)) return std::nullopt;
  return program;
}

namespace {

bool is_word(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

}  // namespace

class BacktrackRun {
 public:
  BacktrackRun(const BacktrackProgram& p, const std::vector<char32_t>& text, std::uint64_t budget)
      : p_(p), t_(text), n_(static_cast<std::int32_t>(text.size())), budget_(budget), slots_(p.slots_, -1) {}

  BacktrackProgram::Outcome search() {
    for (std::int32_t start = 0; start <= n_; ++start) {
      int r = run(0, start);
      if (r < 0) return BacktrackProgram::Outcome::too_costly;
      if (r > 0) return BacktrackProgram::Outcome::match;
      if (p_.anchored_) break;
    }
    return BacktrackProgram::Outcome::no_match;
  }

  std::uint64_t steps() const { return steps_; }

 private:
  // A choice (resume at pc with pos) when a >= 0; an undo record (slot -a-1 had value b) otherwise.
  struct Entry {
    std::int32_t a, b;
  };
  static constexpr std::size_t k_max_stack = 2u << 20;  // entries (16 MiB): past it, too costly

  void set_slot(std::int32_t slot, std::int32_t value) {
    stack_.push_back({-slot - 1, slots_[slot]});
    slots_[slot] = value;
  }

  // 1 matched, 0 failed (stack back at its height on entry), -1 over budget.
  int run(std::int32_t pc, std::int32_t pos) {
    const std::size_t base = stack_.size();
    for (;;) {
      if (++steps_ > budget_ || stack_.size() > k_max_stack) return -1;
      const Inst& in = p_.code_[pc];
      bool ok = true;
      ++pc;
      switch (in.op) {
        case Op::set:
          if (!in.backward) {
            ok = pos < n_ && p_.sets_[in.x].contains(t_[pos]);
            pos += ok;
          } else {
            ok = pos > 0 && p_.sets_[in.x].contains(t_[pos - 1]);
            pos -= ok;
          }
          break;
        case Op::split:
          stack_.push_back({in.y, pos});
          pc = in.x;
          break;
        case Op::jump: pc = in.x; break;
        case Op::save: set_slot(in.x, pos); break;
        case Op::clear:
          for (std::int32_t s = in.x; s < in.y; ++s) {
            if (slots_[s] != -1) set_slot(s, -1);
          }
          break;
        case Op::progress: ok = slots_[in.x] != pos; break;
        case Op::line_start: ok = pos == 0; break;
        case Op::line_end: ok = pos == n_; break;
        case Op::word_boundary:
        case Op::not_word_boundary: {
          bool a = pos > 0 && is_word(t_[pos - 1]), b = pos < n_ && is_word(t_[pos]);
          ok = (a != b) == (in.op == Op::word_boundary);
          break;
        }
        case Op::look: {
          std::size_t height = stack_.size();
          int r = run(in.x, pos);
          if (r < 0) return -1;
          if (r > 0 && !in.negative) drop_choices(height);  // atomic: no way back into it
          if (r > 0 && in.negative) unwind(height);
          ok = (r > 0) != in.negative;
          break;
        }
        case Op::backref: ok = backref(in, pos); break;
        case Op::match: return 1;
      }
      if (ok) continue;
      for (;;) {
        if (stack_.size() == base) return 0;
        Entry e = stack_.back();
        stack_.pop_back();
        if (e.a < 0) {
          slots_[-e.a - 1] = e.b;
          continue;
        }
        pc = e.a;
        pos = e.b;
        break;
      }
    }
  }

  bool backref(const Inst& in, std::int32_t& pos) const {
    std::int32_t s = slots_[2 * in.x], e = slots_[2 * in.x + 1];
    if (s < 0 || e < 0) return true;  // a group that took part in no match matches empty
    std::int32_t len = e - s;
    std::int32_t from = in.backward ? pos - len : pos;
    if (from < 0 || from + len > n_) return false;
    for (std::int32_t k = 0; k < len; ++k) {
      if (t_[from + k] != t_[s + k]) return false;
    }
    pos = in.backward ? from : pos + len;
    return true;
  }

  // Keeps the undo records above `height` (the outer match may still backtrack over them).
  void drop_choices(std::size_t height) {
    std::size_t out = height;
    for (std::size_t i = height; i < stack_.size(); ++i) {
      if (stack_[i].a < 0) stack_[out++] = stack_[i];
    }
    stack_.resize(out);
  }

  void unwind(std::size_t height) {
    while (stack_.size() > height) {
      Entry e = stack_.back();
      stack_.pop_back();
      if (e.a < 0) slots_[-e.a - 1] = e.b;
    }
  }

  const BacktrackProgram& p_;
  const std::vector<char32_t>& t_;
  std::int32_t n_;
  std::uint64_t budget_;
  std::uint64_t steps_ = 0;
  std::vector<std::int32_t> slots_;
  std::vector<Entry> stack_;
};

BacktrackProgram::Outcome BacktrackProgram::search(const std::vector<char32_t>& text, std::uint64_t budget,
                                                   std::uint64_t* steps_taken) const {
  BacktrackRun run(*this, text, budget);
  Outcome outcome = run.search();
  if (steps_taken) *steps_taken = run.steps();
  return outcome;
}

}  // namespace sonde::check::regex
