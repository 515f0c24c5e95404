import Foundation

/// .NET-style regular expressions on top of ICU (NSRegularExpression), with .NET's
/// replacement syntax ($1, ${name}, $$, $&, $0) done here, and `$Matches`.
enum Matching {
    private static let cache = Locked([String: NSRegularExpression]())

    static func regex(_ pattern: String, caseSensitive: Bool, _ position: ErrorPosition,
                      options extra: NSRegularExpression.Options = []) throws -> NSRegularExpression {
        var options = extra
        if !caseSensitive { options.insert(.caseInsensitive) }
        let key = "\(options.rawValue):" + pattern
        if let r = cache.withLock({ $0[key] }) { return r }
        do {
            let r = try NSRegularExpression(pattern: pattern, options: options)
            cache.withLock {
                if $0.count > 500 { $0.removeAll() }
                $0[key] = r
            }
            return r
        } catch {
            throw parseError(pattern, position)
        }
    }

    /// .NET's RegexParseException for the commonest mistakes (`Invalid pattern '(' at
    /// offset 1. Not enough )'s.`); other patterns ICU refuses get a general reason.
    static func parseError(_ pattern: String, _ position: ErrorPosition) -> ErrorRecord {
        let units = Array(pattern.utf16)
        var depth = 0, inClass = false, escaped = false
        var reason: String? = nil, offset = units.count
        for (i, u) in units.enumerated() {
            if escaped { escaped = false; continue }
            switch u {
            case 0x5C: escaped = true
            case 0x5B where !inClass: inClass = true
            case 0x5D where inClass: inClass = false
            case 0x28 where !inClass: depth += 1
            case 0x29 where !inClass:
                depth -= 1
                if depth < 0 && reason == nil { reason = "Too many )'s."; offset = i + 1 }
            case 0x2A, 0x2B, 0x3F where i == 0:
                if reason == nil { reason = "Quantifier '\(Character(Unicode.Scalar(u)!))' following nothing."; offset = 1 }
            default: break
            }
        }
        if reason == nil {
            if inClass { reason = "Unterminated [] set." } else if depth > 0 { reason = "Not enough )'s." }
            else if escaped { reason = "Illegal \\ at end of pattern." }
        }
        let message = "Invalid pattern '\(pattern)' at offset \(offset). \(reason ?? "The pattern is not valid.")"
        let e = ErrorRecord("System.Management.Automation.RuntimeException", message, id: "RegexParseException",
                            category: .operationStopped, position: position)
        e.innerType = "System.Text.RegularExpressions.RegexParseException"
        e.innerMessage = message
        e.atSequencePoint = true
        return e
    }

    static func isMatch(_ input: String, _ pattern: String, caseSensitive: Bool, _ position: ErrorPosition) throws -> Bool {
        let r = try regex(pattern, caseSensitive: caseSensitive, position)
        let ns = input as NSString
        return r.firstMatch(in: input, options: [], range: NSRange(location: 0, length: ns.length)) != nil
    }

    /// `-match` on a scalar: sets `$Matches` (in `setMatches`'s scope) when it matches.
    static func match(_ input: String, _ pattern: String, caseSensitive: Bool, setMatches scope: Scope?, _ position: ErrorPosition) throws -> Bool {
        let r = try regex(pattern, caseSensitive: caseSensitive, position)
        let ns = input as NSString
        guard let m = r.firstMatch(in: input, options: [], range: NSRange(location: 0, length: ns.length)) else { return false }
        if let scope {
            scope.define("matches", PSVariable("Matches", .object(groupsTable(m, ns, r))))
        }
        return true
    }

    /// `$Matches`: group numbers and names to the captured text.
    static func groupsTable(_ m: NSTextCheckingResult, _ ns: NSString, _ r: NSRegularExpression) -> PSHashtable {
        let h = PSHashtable()
        let layout = groupLayout(r.pattern)
        for number in stride(from: layout.order.count - 1, through: 0, by: -1) {
            let icu = layout.order[number]
            guard icu < m.numberOfRanges else { continue }
            let range = m.range(at: icu)
            guard range.location != NSNotFound else { continue }
            let text = ns.substring(with: range)
            if let name = layout.nameOf[number] { h[.string(name)] = .string(text) } else { h[.int(Int32(number))] = .string(text) }
        }
        return h
    }

    /// How .NET numbers a pattern's groups: the unnamed ones first, left to right, then the
    /// named ones. ICU numbers all of them left to right; `order[n]` is .NET group n's ICU
    /// index, `nameOf[n]` its name when it has one.
    struct GroupLayout {
        var order: [Int] = [0]
        var nameOf: [Int: String] = [:]
        /// A name's ICU index (for `${name}` and Groups['name']).
        var icuForName: [String: Int] = [:]
    }

    static func groupLayout(_ pattern: String) -> GroupLayout {
        var unnamed: [Int] = []
        var named: [(String, Int)] = []
        var icu = 0
        let chars = Array(pattern)
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\" { i += 2; continue }
            if inClass { if c == "]" { inClass = false }; i += 1; continue }
            if c == "[" { inClass = true; i += 1; continue }
            if c == "(" {
                if i + 1 < chars.count && chars[i + 1] == "?" {
                    if i + 2 < chars.count && (chars[i + 2] == "<" || chars[i + 2] == "'") && i + 3 < chars.count
                        && chars[i + 3] != "=" && chars[i + 3] != "!" {
                        let close: Character = chars[i + 2] == "<" ? ">" : "'"
                        var j = i + 3
                        var name = ""
                        while j < chars.count && chars[j] != close { name.append(chars[j]); j += 1 }
                        icu += 1
                        named.append((name, icu))
                    }
                } else {
                    icu += 1
                    unnamed.append(icu)
                }
            }
            i += 1
        }
        var layout = GroupLayout()
        layout.order += unnamed
        for (name, index) in named {
            layout.nameOf[layout.order.count] = name
            layout.icuForName[name] = index
            layout.order.append(index)
        }
        return layout
    }

    /// `-replace pattern, replacement` with .NET substitutions.
    /// `-replace`'s pattern: it reports a bad one as InvalidRegularExpression (ParserOps.ReplaceOperator).
    static func replaceRegex(_ pattern: String, caseSensitive: Bool, _ position: ErrorPosition) throws -> NSRegularExpression {
        do {
            return try regex(pattern, caseSensitive: caseSensitive, position)
        } catch let e as ErrorRecord where e.fullyQualifiedErrorId == "RegexParseException" {
            throw Errors.runtime("The regular expression pattern \(pattern) is not valid.", id: "InvalidRegularExpression", position)
        }
    }

    static func replace(_ input: String, _ pattern: String, _ replacement: String, caseSensitive: Bool, _ position: ErrorPosition) throws -> String {
        let r = try replaceRegex(pattern, caseSensitive: caseSensitive, position)
        let ns = input as NSString
        let matches = r.matches(in: input, options: [], range: NSRange(location: 0, length: ns.length))
        if matches.isEmpty { return input }
        let layout = groupLayout(pattern)
        var out = ""
        var last = 0
        for m in matches {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += substitute(replacement, m, ns, layout, input)
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    /// Replacement with a script block: `$_` is the match.
    static func replace(_ input: String, _ pattern: String, caseSensitive: Bool, _ position: ErrorPosition,
                        evaluator: (Value) throws -> String) throws -> String {
        let r = try replaceRegex(pattern, caseSensitive: caseSensitive, position)
        let ns = input as NSString
        let matches = r.matches(in: input, options: [], range: NSRange(location: 0, length: ns.length))
        var out = ""
        var last = 0
        for m in matches {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += try evaluator(.object(MatchObject(m, ns, r)))
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    static func substitute(_ replacement: String, _ m: NSTextCheckingResult, _ ns: NSString, _ layout: GroupLayout, _ input: String) -> String {
        /// .NET group `number`'s text.
        func group(_ number: Int) -> String? {
            guard number < layout.order.count else { return nil }
            return icuGroup(layout.order[number])
        }
        func icuGroup(_ i: Int) -> String? {
            guard i < m.numberOfRanges else { return nil }
            let range = m.range(at: i)
            return range.location == NSNotFound ? "" : ns.substring(with: range)
        }
        let chars = Array(replacement)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "$", i + 1 < chars.count else { out.append(c); i += 1; continue }
            let n = chars[i + 1]
            if n == "$" { out.append("$"); i += 2; continue }
            if n == "&" { out += group(0) ?? ""; i += 2; continue }
            if n == "`" { out += ns.substring(to: m.range.location); i += 2; continue }
            if n == "'" { out += ns.substring(from: m.range.location + m.range.length); i += 2; continue }
            if n == "_" { out += input; i += 2; continue }
            if n == "+" { out += group(layout.order.count - 1) ?? ""; i += 2; continue }
            if n == "{" {
                var j = i + 2
                var name = ""
                while j < chars.count && chars[j] != "}" { name.append(chars[j]); j += 1 }
                if j < chars.count {
                    if let num = Int(name), let g = group(num) { out += g; i = j + 1; continue }
                    if let idx = layout.icuForName[name], let g = icuGroup(idx) { out += g; i = j + 1; continue }
                }
                out.append(c)
                i += 1
                continue
            }
            if n.isASCII && n.isNumber {
                var j = i + 1
                var digits = ""
                while j < chars.count && chars[j].isASCII && chars[j].isNumber { digits.append(chars[j]); j += 1 }
                // .NET takes the longest group number that exists.
                while !digits.isEmpty {
                    if let num = Int(digits), num < layout.order.count {
                        out += group(num) ?? ""
                        break
                    }
                    digits.removeLast()
                }
                if digits.isEmpty { out.append(c); i += 1 } else { i += 1 + digits.count }
                continue
            }
            out.append(c)
            i += 1
        }
        return out
    }

    /// .NET's Regex.Split(input, count): at most `count` pieces (0: all), captured groups
    /// included between them; a negative count takes the separators from the right.
    static func split(_ input: String, _ r: NSRegularExpression, count: Int) -> [String] {
        let ns = input as NSString
        var matches = r.matches(in: input, options: [], range: NSRange(location: 0, length: ns.length))
        if count > 0 { matches = Array(matches.prefix(count - 1)) }
        if count < 0 { matches = Array(matches.suffix(-count - 1)) }
        var parts: [String] = []
        var last = 0
        for m in matches {
            parts.append(ns.substring(with: NSRange(location: last, length: m.range.location - last)))
            for g in 1..<max(1, m.numberOfRanges) {
                let range = m.range(at: g)
                if range.location != NSNotFound { parts.append(ns.substring(with: range)) }
            }
            last = m.range.location + m.range.length
        }
        parts.append(ns.substring(from: last))
        return parts
    }
}

/// A regex match (`[regex]::Match`, `-replace` script blocks).
public final class MatchObject: PSObjectBase {
    let result: NSTextCheckingResult
    let text: NSString
    let regex: NSRegularExpression

    init(_ result: NSTextCheckingResult, _ text: NSString, _ regex: NSRegularExpression) {
        self.result = result
        self.text = text
        self.regex = regex
    }

    public override var typeName: String { "System.Text.RegularExpressions.Match" }
    public var value: String { text.substring(with: result.range) }
    public override func toString(_ context: ConversionContext) -> String { value }
    public override var propertyNames: [String] { ["Groups", "Success", "Name", "Captures", "Index", "Length", "Value", "ValueSpan"] }

    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "value": return .string(value)
        case "index": return .int(Int32(result.range.location))
        case "length": return .int(Int32(result.range.length))
        case "success": return .true
        case "name": return .string("0")
        case "groups":
            // In .NET's order: unnamed groups, then named ones.
            let layout = Matching.groupLayout(regex.pattern)
            var groups: [Value] = []
            for (number, icu) in layout.order.enumerated() where icu < result.numberOfRanges {
                let r = result.range(at: icu)
                groups.append(.object(GroupObject(name: layout.nameOf[number] ?? String(number),
                                                   value: r.location == NSNotFound ? "" : text.substring(with: r),
                                                   success: r.location != NSNotFound, index: r.location)))
            }
            return .object(GroupCollection(groups))
        default: return nil
        }
    }
}

public final class GroupObject: PSObjectBase {
    let name: String, value: String, success: Bool, index: Int
    init(name: String, value: String, success: Bool, index: Int) {
        self.name = name
        self.value = value
        self.success = success
        self.index = index
    }
    public override var typeName: String { "System.Text.RegularExpressions.Group" }
    public override func toString(_ context: ConversionContext) -> String { value }
    public override var propertyNames: [String] { ["Success", "Name", "Captures", "Index", "Length", "Value"] }
    public override func getProperty(_ n: String) -> Value? {
        switch n.lowercased() {
        case "value": return .string(value)
        case "name": return .string(name)
        case "success": return .bool(success)
        case "index": return .int(Int32(index == NSNotFound ? 0 : index))
        case "length": return .int(Int32((value as NSString).length))
        default: return nil
        }
    }
}

/// `$m.Groups`: indexable by number or name.
public final class GroupCollection: PSObjectBase {
    let groups: [Value]
    init(_ groups: [Value]) { self.groups = groups }
    public override var typeName: String { "System.Text.RegularExpressions.GroupCollection" }
    public override var isEnumerable: Bool { true }
    public override func enumerate() -> [Value] { groups }
    func group(_ key: Value) -> Value {
        if case .string(let s) = key {
            return groups.first { ($0.asObject as? GroupObject)?.name.caseInsensitiveCompare(s) == .orderedSame } ?? .null
        }
        if let i = try? Convert.toInt64(key, nil), i >= 0, Int(i) < groups.count { return groups[Int(i)] }
        return .null
    }
}

/// PowerShell wildcards: `*`, `?`, `[abc]`, `[a-z]`, and backtick escapes.
struct Wildcard {
    enum Piece { case literal(Character), any, anyRun, set([ClosedRange<Character>], Bool) }
    let pieces: [Piece]
    let caseSensitive: Bool
    /// False for an unclosed `[`: -like reports the pattern as invalid.
    private(set) var isValid = true

    init(_ pattern: String, caseSensitive: Bool) {
        self.caseSensitive = caseSensitive
        var p: [Piece] = []
        let chars = Array(caseSensitive ? pattern : pattern.lowercased())
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "`":
                if i + 1 < chars.count { p.append(.literal(chars[i + 1])); i += 2 } else { p.append(.literal(c)); i += 1 }
            case "*":
                if case .anyRun? = p.last {} else { p.append(.anyRun) }
                i += 1
            case "?":
                p.append(.any)
                i += 1
            case "[":
                var j = i + 1
                var ranges: [ClosedRange<Character>] = []
                // pwsh's bracket sets have no negation: `!` and `^` are members.
                let negate = false
                while j < chars.count && chars[j] != "]" {
                    if j + 2 < chars.count && chars[j + 1] == "-" && chars[j + 2] != "]" && chars[j] <= chars[j + 2] {
                        ranges.append(chars[j]...chars[j + 2])
                        j += 3
                    } else {
                        if chars[j] == "`" && j + 1 < chars.count { j += 1 }
                        ranges.append(chars[j]...chars[j])
                        j += 1
                    }
                }
                if j < chars.count {
                    p.append(.set(ranges, negate))
                    i = j + 1
                } else {
                    isValid = false
                    p.append(.literal("["))
                    i += 1
                }
            default:
                p.append(.literal(c))
                i += 1
            }
        }
        pieces = p
    }

    var hasWildcards: Bool {
        pieces.contains { if case .literal = $0 { return false }; return true }
    }

    func matches(_ text: String) -> Bool {
        let t = Array(caseSensitive ? text : text.lowercased())
        var memo: [Int: Bool] = [:]
        func m(_ pi: Int, _ ti: Int) -> Bool {
            let key = pi * (t.count + 1) + ti
            if let v = memo[key] { return v }
            let result: Bool
            if pi == pieces.count {
                result = ti == t.count
            } else {
                switch pieces[pi] {
                case .anyRun:
                    result = m(pi + 1, ti) || (ti < t.count && m(pi, ti + 1))
                case .any:
                    result = ti < t.count && m(pi + 1, ti + 1)
                case .literal(let c):
                    result = ti < t.count && t[ti] == c && m(pi + 1, ti + 1)
                case .set(let ranges, let negate):
                    result = ti < t.count && (ranges.contains { $0.contains(t[ti]) } != negate) && m(pi + 1, ti + 1)
                }
            }
            memo[key] = result
            return result
        }
        return m(0, 0)
    }
}
