import Foundation

/// `-replace`, `-split`, `-join` and `-f`.
enum StringOperators {
    static func replace(_ l: Value, _ r: Value, caseSensitive: Bool, _ s: Scope, _ position: ErrorPosition) throws -> Value {
        var args: [Value] = [r]
        if case .object(let o as PSArray) = r { args = o.items }
        if args.count > 2 {
            throw Errors.runtime("The -replace operator allows only two elements to follow it, not \(args.count).",
                                 id: "BadReplaceArgument", position)
        }
        let pattern = Operators.regexPattern(args[0])
        let replacement = args.count > 1 ? args[1] : .string("")
        func one(_ v: Value) throws -> String {
            let input = Convert.toString(v, ConversionContext())
            if case .object(let sb as ScriptBlockObject) = replacement {
                return try Matching.replace(input, pattern, caseSensitive: caseSensitive, position) { match in
                    Convert.toString(try ScriptBlockInvoker.invokeDotSourced(sb.block, s, dollarUnder: match), ConversionContext())
                }
            }
            return try Matching.replace(input, pattern, Convert.toString(replacement, ConversionContext()),
                                        caseSensitive: caseSensitive, position)
        }
        if case .object(let o) = l, o.isEnumerable {
            return .object(PSArray(try o.enumerate().map { .string(try one($0)) }))
        }
        return .string(try one(l))
    }

    static func split(_ l: Value, _ r: Value, caseSensitive: Bool, _ s: Scope, _ position: ErrorPosition) throws -> Value {
        var args: [Value] = [r]
        if case .object(let o as PSArray) = r { args = o.items }
        let separator = args.first ?? .string(" ")
        let max = args.count > 1 ? Int(try Convert.toInt32(args[1], position)) : 0
        var simple = false
        var cs = caseSensitive
        if args.count > 2 {
            let options = Convert.toString(args[2], ConversionContext()).lowercased()
            simple = options.contains("simplematch")
            if options.contains("ignorecase") { cs = false }
        }
        let inputs: [Value]
        if case .object(let o) = l, o.isEnumerable { inputs = o.enumerate() } else { inputs = [l] }
        var out: [Value] = []
        for input in inputs {
            let text = Convert.toString(input, ConversionContext())
            if case .object(let sb as ScriptBlockObject) = separator {
                var parts: [String] = []
                var current = ""
                for ch in text {
                    let isSep = Convert.toBool(try ScriptBlockInvoker.invokeDotSourced(sb.block, s, dollarUnder: .string(String(ch))))
                    if isSep && (max <= 0 || parts.count < max - 1) { parts.append(current); current = "" } else { current.append(ch) }
                }
                parts.append(current)
                out += parts.map { .string($0) }
                continue
            }
            let pattern = Operators.regexPattern(separator)
            if max < 0 {
                // From the right: split all, then rejoin the leftmost pieces.
                let parts = try Matching.split(text, pattern, max: 0, caseSensitive: cs, simple: simple, position)
                let keep = -max
                if parts.count <= keep { out += parts.map { .string($0) }; continue }
                let sepText = simple ? pattern : ""
                let head = try rejoin(text, parts.count - keep + 1, pattern, cs, simple, position, fallback: sepText)
                out += ([head] + parts.suffix(keep - 1)).map { .string($0) }
                continue
            }
            out += try Matching.split(text, pattern, max: max, caseSensitive: cs, simple: simple, position).map { .string($0) }
        }
        return .object(PSArray(out, elementType: .string))
    }

    /// The text before the last `count - 1` separators (for negative -split counts).
    private static func rejoin(_ text: String, _ pieces: Int, _ pattern: String, _ cs: Bool, _ simple: Bool,
                               _ position: ErrorPosition, fallback: String) throws -> String {
        let p = simple ? NSRegularExpression.escapedPattern(for: pattern) : pattern
        let r = try Matching.regex(p, caseSensitive: cs, position)
        let ns = text as NSString
        let matches = r.matches(in: text, options: [], range: NSRange(location: 0, length: ns.length))
        let cut = matches[matches.count - (pieces - 1)]
        return ns.substring(to: cut.range.location)
    }

    static func unarySplit(_ v: Value, _ s: Scope) throws -> Value {
        let inputs: [Value]
        if case .object(let o) = v, o.isEnumerable { inputs = o.enumerate() } else { inputs = [v] }
        var out: [Value] = []
        for input in inputs {
            let text = Convert.toString(input, ConversionContext()).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { out.append(.string("")); continue }
            out += text.split(whereSeparator: { $0.isWhitespace }).map { .string(String($0)) }
        }
        return .object(PSArray(out, elementType: .string))
    }

    /// `-join`: elements converted without recursing; `$OFS` is not used.
    static func join(_ v: Value, separator: String, _ s: Scope) -> String {
        if case .object(let o) = v, o.isEnumerable {
            return o.enumerate().map { element in
                if case .object(let e) = element, e.isEnumerable, !(e is PSHashtable) { return e.typeName }
                return Convert.toString(element, ConversionContext())
            }.joined(separator: separator)
        }
        return Convert.toString(v, ConversionContext())
    }

    /// `fmt -f args`: .NET composite formatting (`{0}`, `{0,5}`, `{0:N2}`).
    static func format(_ l: Value, _ r: Value, _ position: ErrorPosition) throws -> String {
        let fmt = Convert.toString(l, ConversionContext())
        var args: [Value]
        if case .object(let o as PSArray) = r, o.elementType == nil { args = o.items } else { args = [r] }
        do {
            return try CompositeFormat.format(fmt, args)
        } catch let e as CompositeFormat.FormatError {
            throw Errors.runtime("Error formatting a string: \(e.message).", id: "FormatError", position)
        }
    }
}
