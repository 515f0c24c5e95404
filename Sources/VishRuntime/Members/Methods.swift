import Foundation

/// Instance methods of the built-in types. Returns nil when the type has no such method.
enum Methods {
    static func call(_ v: Value, _ name: String, _ rawArgs: [Value], _ s: Scope, _ position: ErrorPosition) throws -> Value? {
        let args = ArgList(rawArgs)
        let ctx = ConversionContext()
        func str(_ i: Int) -> String { i < args.count ? Convert.toString(args[i], ctx) : "" }
        func int(_ i: Int) throws -> Int { Int(try Convert.toInt32(args[i], position)) }

        switch name {
        case "gettype": return .object(TypeObject(typeOf(v)))
        case "equals" where args.count == 1: return .bool(try Comparison.equals(v, args[0], caseSensitive: true))
        case "gethashcode": return .int(Int32(truncatingIfNeeded: Convert.toString(v, ctx).hashValue & 0x7FFF_FFFF))
        case "where":
            guard case .object(let sb as ScriptBlockObject)? = args.first else { break }
            return try whereMethod(enumerateForIntrinsic(v), sb, mode: args.count > 1 ? str(1).lowercased() : "default",
                                   limit: args.count > 2 ? try int(2) : 0, s)
        case "foreach":
            guard let first = args.first else { break }
            var out: [Value] = []
            for item in enumerateForIntrinsic(v) {
                switch first {
                case .object(let sb as ScriptBlockObject):
                    let sink = CollectSink()
                    try ScriptBlockInvoker.runDotSourced(sb.block, sb.capturedScope ?? s, dollarUnder: item, sink)
                    out += sink.items
                case .object(let t as TypeObject):
                    out.append(try Convert.to(t.type, item, position))
                default:
                    let member = Convert.toString(first, ctx)
                    if args.count == 1, let p = Members.propertyIfPresent(item.normalized, member) {
                        out.append(p)
                    } else if args.count == 2, case .object(let o) = item.normalized,
                              Members.propertyIfPresent(item.normalized, member) != nil, o.setProperty(member, args[1]) {
                        // `.ForEach('Name', value)` sets a property on each item (no output).
                        continue
                    } else {
                        let r = try Members.call(item, member, Array(args.dropFirst()), s, position)
                        if case .object(let o) = r, o === AutomationNull.shared { continue }
                        out.append(r)
                    }
                }
            }
            return .object(PSArray(out))
        default: break
        }

        switch v {
        case .string(let text):
            return try StringMethods.call(text, name, args.values, position)
        case .int, .long, .double, .decimal:
            switch name {
            case "tostring":
                if args.isEmpty { return .string(NumberFormatting.plain(v)) }
                do { return .string(try NumberFormatting.format(v, str(0))) } catch let e as CompositeFormat.FormatError {
                    throw MethodError(message: e.message, id: "FormatException")
                }
            case "compareto": return .int(Int32(Comparison.numericCompare(try Convert.toNumber(v, position), try Convert.toNumber(args[0], position))))
            default: return nil
            }
        case .bool(let b):
            if name == "tostring" { return .string(b ? "True" : "False") }
            if name == "compareto" { return .int(b == Convert.toBool(args[0]) ? 0 : (b ? 1 : -1)) }
            return nil
        case .null:
            return nil
        case .object(let o):
            if let r = try o.callMethod(name, args.values, s.context) { return r }
            return try ObjectMethods.call(o, v, name, args.values, s, position)
        }
    }

    /// `.Where({…}, mode, n)`: Default, First, Last, SkipUntil, Until and Split.
    static func whereMethod(_ items: [Value], _ sb: ScriptBlockObject, mode: String, limit: Int, _ s: Scope) throws -> Value {
        func test(_ item: Value) throws -> Bool {
            Convert.toBool(try ScriptBlockInvoker.invokeDotSourced(sb.block, sb.capturedScope ?? s, dollarUnder: item))
        }
        func capped(_ a: [Value]) -> [Value] { limit > 0 ? Array(a.prefix(limit)) : a }
        switch mode {
        case "first":
            var out: [Value] = []
            for item in items where try test(item) {
                out.append(item)
                if out.count >= max(1, limit) { break }
            }
            return .object(PSArray(out))
        case "last":
            let matched = try items.filter(test)
            return .object(PSArray(Array(matched.suffix(max(1, limit)))))
        case "skipuntil":
            guard let i = try items.firstIndex(where: test) else { return .object(PSArray([])) }
            return .object(PSArray(capped(Array(items[i...]))))
        case "until":
            let end = try items.firstIndex(where: test) ?? items.count
            return .object(PSArray(capped(Array(items[..<end]))))
        case "split":
            var yes: [Value] = [], no: [Value] = []
            for item in items {
                if (limit == 0 || yes.count < limit), try test(item) { yes.append(item) } else { no.append(item) }
            }
            return .object(PSArray([.object(PSArray(yes)), .object(PSArray(no))]))
        default:
            return .object(PSArray(capped(try items.filter(test))))
        }
    }

    /// The items `.Where()`/`.ForEach()` iterate: a collection's elements, or the value.
    static func enumerateForIntrinsic(_ v: Value) -> [Value] {
        if v.isNullish { return [] }
        if case .object(let o) = v, o.isEnumerable { return o.enumerate() }
        return [v]
    }

    static func typeOf(_ v: Value) -> PSType {
        switch v {
        case .null: return .object
        case .bool: return .bool
        case .int: return .int
        case .long: return .long
        case .double: return .double
        case .decimal: return .decimal
        case .string: return .string
        case .object(let o):
            if let a = o as? PSArray { return a.elementType.map { PSType.array(of: $0) } ?? .objectArray }
            return PSType.named[o.typeName.lowercased()] ?? PSType(.unresolved, o.typeName)
        }
    }
}

enum StringMethods {
    static let displayNames: [String: String] = [
        "substring": "Substring", "toupper": "ToUpper", "tolower": "ToLower", "trim": "Trim", "trimstart": "TrimStart",
        "trimend": "TrimEnd", "startswith": "StartsWith", "endswith": "EndsWith", "contains": "Contains",
        "indexof": "IndexOf", "lastindexof": "LastIndexOf", "replace": "Replace", "padleft": "PadLeft",
        "padright": "PadRight", "insert": "Insert", "remove": "Remove", "equals": "Equals", "compareto": "CompareTo",
        "tochararray": "ToCharArray", "split": "Split",
    ]

    /// How many arguments each String method takes (its overloads' counts).
    static let arities: [String: ClosedRange<Int>] = [
        "substring": 1...2, "toupper": 0...1, "tolower": 0...1, "trim": 0...1, "trimstart": 0...1, "trimend": 0...1,
        "startswith": 1...3, "endswith": 1...3, "contains": 1...2, "indexof": 1...4, "lastindexof": 1...4,
        "replace": 2...4, "padleft": 1...2, "padright": 1...2, "insert": 2...2, "remove": 1...2,
        "equals": 1...2, "compareto": 1...1, "tochararray": 0...2, "split": 0...3,
    ]

    static func call(_ text: String, _ name: String, _ rawArgs: [Value], _ position: ErrorPosition) throws -> Value? {
        let args = ArgList(rawArgs)
        if let range = arities[name], !range.contains(args.count) {
            let display = name.prefix(1).uppercased() + name.dropFirst()
            throw Errors.runtime("Cannot find an overload for \"\(StringMethods.displayNames[name] ?? display)\" and the argument count: \"\(args.count)\".",
                                 id: "MethodCountCouldNotFindBest", position)
        }
        let ctx = ConversionContext()
        func str(_ i: Int) -> String { i < args.count ? Convert.toString(args[i], ctx) : "" }
        func int(_ i: Int) throws -> Int { Int(try Convert.toInt32(args[i], position)) }
        let units = Array(text.utf16)
        func sub(_ from: Int, _ length: Int) -> String { String(utf16CodeUnits: Array(units[from..<(from + length)]), count: length) }
        func trimSet(_ i: Int) -> Set<Character> {
            var chars = Set<Character>()
            for a in args.dropFirst(i) {
                if case .object(let o as PSArray) = a { for c in o.items { chars.formUnion(Convert.toString(c, ctx)) } }
                else { chars.formUnion(Convert.toString(a, ctx)) }
            }
            return chars
        }
        switch name {
        case "toupper", "toupperinvariant": return .string(text.uppercased())
        case "tolower", "tolowerinvariant": return .string(text.lowercased())
        case "tostring": return .string(text)
        case "trim":
            if args.isEmpty { return .string(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
            let set = trimSet(0)
            return .string(String(text.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed()))
        case "trimstart":
            if args.isEmpty { return .string(String(text.drop { $0.isWhitespace })) }
            let set = trimSet(0)
            return .string(String(text.drop { set.contains($0) }))
        case "trimend":
            if args.isEmpty { return .string(String(text.reversed().drop { $0.isWhitespace }.reversed())) }
            let set = trimSet(0)
            return .string(String(text.reversed().drop { set.contains($0) }.reversed()))
        case "contains":
            return .bool(text.contains(str(0)) || str(0).isEmpty)
        case "startswith":
            if args.count > 1 && str(1).lowercased().contains("ignorecase") { return .bool(text.lowercased().hasPrefix(str(0).lowercased())) }
            return .bool(text.hasPrefix(str(0)))
        case "endswith":
            if args.count > 1 && str(1).lowercased().contains("ignorecase") { return .bool(text.lowercased().hasSuffix(str(0).lowercased())) }
            return .bool(text.hasSuffix(str(0)))
        case "indexof", "lastindexof":
            let needle = Array(str(0).utf16)
            let start = args.count > 1 ? try int(1) : (name == "indexof" ? 0 : units.count - 1)
            if needle.isEmpty { return .int(Int32(name == "indexof" ? start : max(0, start))) }
            if name == "indexof" {
                var i = start
                while i + needle.count <= units.count {
                    if Array(units[i..<(i + needle.count)]) == needle { return .int(Int32(i)) }
                    i += 1
                }
            } else {
                var i = min(start, units.count - needle.count)
                while i >= 0 {
                    if Array(units[i..<(i + needle.count)]) == needle { return .int(Int32(i)) }
                    i -= 1
                }
            }
            return .int(-1)
        case "substring":
            let from = try int(0)
            let length = args.count > 1 ? try int(1) : units.count - from
            guard from >= 0, length >= 0, from + length <= units.count else {
                throw MethodError(message: from > units.count ? "startIndex cannot be larger than length of string. (Parameter 'startIndex')" : "Index and length must refer to a location within the string. (Parameter 'length')",
                                  id: "ArgumentOutOfRangeException")
            }
            return .string(sub(from, length))
        case "replace":
            let old = str(0)
            if old.isEmpty { throw MethodError(message: "The value cannot be an empty string. (Parameter 'oldValue')", id: "ArgumentException") }
            if args.count > 2 && Convert.toBool(args[2]) {
                return .string(text.replacingOccurrences(of: old, with: str(1), options: .caseInsensitive))
            }
            return .string(text.replacingOccurrences(of: old, with: str(1)))
        case "split":
            var separators: [String] = []
            if args.isEmpty {
                // String.Split(): at every white-space character, empty parts kept.
                return .object(PSArray(text.split(omittingEmptySubsequences: false, whereSeparator: { $0.isWhitespace })
                    .map { .string(String($0)) }, elementType: .string))
            }
            else if case .object(let o as PSArray) = args[0] { separators = o.items.map { Convert.toString($0, ctx) } }
            else {
                let sep = str(0)
                // A string argument to String.Split(char[]) is its characters.
                separators = sep.count <= 1 ? [sep] : sep.map(String.init)
            }
            var count = Int.max
            var removeEmpty = false
            for a in args.dropFirst() {
                if case .string(let o) = a, o.lowercased().contains("removeemptyentries") { removeEmpty = true }
                else if let n = try? Convert.toInt32(a, position) { count = Int(n) }
            }
            var parts: [String] = [text]
            for sep in separators where !sep.isEmpty {
                parts = parts.flatMap { $0.components(separatedBy: sep) }
            }
            if removeEmpty { parts = parts.filter { !$0.isEmpty } }
            if parts.count > count {
                let head = Array(parts.prefix(count - 1))
                let rest = parts.dropFirst(count - 1).joined(separator: separators.first ?? " ")
                parts = head + [rest]
            }
            return .object(PSArray(parts.map { .string($0) }, elementType: .string))
        case "padleft", "padright":
            let width = try int(0)
            let pad = args.count > 1 ? (str(1).first ?? " ") : " "
            guard width >= 0 else {
                throw MethodError(message: "Non-negative number required. (Parameter 'totalWidth')", id: "ArgumentOutOfRangeException")
            }
            try Limits.check(length: width, position)
            let n = max(0, width - units.count)
            let padding = String(repeating: pad, count: n)
            return .string(name == "padleft" ? padding + text : text + padding)
        case "insert":
            let at = try int(0)
            guard at >= 0 && at <= units.count else {
                throw MethodError(message: "Specified argument was out of the range of valid values. (Parameter 'startIndex')", id: "ArgumentOutOfRangeException")
            }
            return .string(sub(0, at) + str(1) + sub(at, units.count - at))
        case "remove":
            let from = try int(0)
            let length = args.count > 1 ? try int(1) : units.count - from
            guard from >= 0, length >= 0, from + length <= units.count else {
                throw MethodError(message: from < 0 || from > units.count ? "startIndex must be less than length of string. (Parameter 'startIndex')"
                                    : "Index and count must refer to a location within the string. (Parameter 'count')",
                                  id: "ArgumentOutOfRangeException")
            }
            return .string(sub(0, from) + sub(from + length, units.count - from - length))
        case "tochararray":
            return .object(PSArray(units.map { PSScalarBox.char($0) }, elementType: .char))
        case "compareto":
            return .int(Int32(Comparison.compareStrings(text, str(0), caseSensitive: true)))
        case "equals":
            return .bool(text == str(0))
        case "normalize":
            return .string(text.precomposedStringWithCanonicalMapping)
        case "getenumerator":
            return .object(PSArray(units.map { PSScalarBox.char($0) }))
        case "format":
            return .string(try StringOperators.format(.string(text), .object(PSArray(args.values)), position))
        default:
            return nil
        }
    }
}
