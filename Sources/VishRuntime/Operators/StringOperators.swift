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
        let pattern = Operators.regexPattern(args.first ?? .string(""))
        let replacement = args.count > 1 ? args[1] : .string("")
        func one(_ v: Value) throws -> String {
            let input = Convert.toString(v, ConversionContext())
            if case .object(let sb as ScriptBlockObject) = replacement {
                return try Matching.replace(input, pattern, caseSensitive: caseSensitive, position) { match in
                    Convert.toString(try ScriptBlockInvoker.invokeDotSourced(sb.block, s, dollarUnder: match, args: [match]), ConversionContext())
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
        let count = args.count > 1 ? Int(try Convert.toInt32(args[1], position)) : 0
        var simple = false
        var cs = caseSensitive
        var options: NSRegularExpression.Options = []
        var explicitCapture = false
        var regexMatch = false
        if args.count > 2 {
            let names = Convert.toString(args[2], ConversionContext()).lowercased()
                .split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            for n in names {
                switch n {
                case "simplematch": simple = true
                case "regexmatch": regexMatch = true
                case "ignorecase": cs = false
                case "cultureinvariant": break
                case "multiline": options.insert(.anchorsMatchLines)
                case "singleline": options.insert(.dotMatchesLineSeparators)
                case "ignorepatternwhitespace": options.insert(.allowCommentsAndWhitespace)
                case "explicitcapture": explicitCapture = true
                default:
                    throw Errors.runtime("Cannot convert value \"\(n)\" to type \"System.Management.Automation.SplitOptions\".",
                                         id: "InvalidCastFromStringToInteger", position)
                }
            }
            if simple && (!options.isEmpty || explicitCapture || regexMatch) {
                throw Errors.runtime("The combination of options with the -split operator is not valid.",
                                     id: "InvalidSplitOptionCombination", position, category: .parserError,
                                     exception: "System.Management.Automation.ParseException")
            }
        }
        let inputs: [Value]
        if case .object(let o) = l, o.isEnumerable { inputs = o.enumerate() } else { inputs = [l] }
        var out: [Value] = []
        for input in inputs {
            let text = Convert.toString(input, ConversionContext())
            if case .object(let sb as ScriptBlockObject) = separator {
                out += try splitByPredicate(text, sb, count, s).map { .string($0) }
                continue
            }
            var pattern = Operators.regexPattern(separator)
            if simple { pattern = NSRegularExpression.escapedPattern(for: pattern) }
            // ICU has no ExplicitCapture: make plain groups non-capturing.
            if explicitCapture { pattern = nonCapturing(pattern) }
            let regex = try Matching.regex(pattern, caseSensitive: cs, position, options: options)
            out += Matching.split(text, regex, count: count).map { .string($0) }
        }
        return .object(PSArray(out, elementType: .string))
    }

    /// `(x)` → `(?:x)`, leaving escaped parentheses and `(?…)` groups alone.
    private static func nonCapturing(_ pattern: String) -> String {
        var out = ""
        var escaped = false
        let chars = Array(pattern)
        for (i, c) in chars.enumerated() {
            out.append(c)
            if escaped { escaped = false; continue }
            if c == "\\" { escaped = true; continue }
            if c == "(" && (i + 1 >= chars.count || chars[i + 1] != "?") { out += "?:" }
        }
        return out
    }

    /// `-split { predicate }`: each character for which the block is true separates.
    private static func splitByPredicate(_ text: String, _ sb: ScriptBlockObject, _ count: Int, _ s: Scope) throws -> [String] {
        var separators: [Int] = []
        let chars = Array(text)
        for (i, ch) in chars.enumerated() {
            let r = try ScriptBlockInvoker.invokeDotSourced(sb.block, sb.capturedScope ?? s, dollarUnder: .string(String(ch)))
            if Convert.toBool(r) { separators.append(i) }
        }
        if count > 0 { separators = Array(separators.prefix(count - 1)) }
        if count < 0 { separators = Array(separators.suffix(-count - 1)) }
        var parts: [String] = []
        var last = 0
        for i in separators {
            parts.append(String(chars[last..<i]))
            last = i + 1
        }
        parts.append(String(chars[last...]))
        return parts
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
