import Foundation

/// `[regex]'…'`.
public final class RegexObject: PSObjectBase {
    let pattern: String
    let options: NSRegularExpression.Options
    init(_ pattern: String, options: NSRegularExpression.Options) {
        self.pattern = pattern
        self.options = options
    }
    public override var typeName: String { "System.Text.RegularExpressions.Regex" }
    public override func toString(_ context: ConversionContext) -> String { pattern }

    override public func callMethod(_ name: String, _ args: [Value], _ context: ExecutionContext) throws -> Value? {
        let n = name.lowercased()
        guard ["ismatch", "match", "matches", "split", "replace"].contains(n), let input = args.first else { return nil }
        let regex = try Matching.regex(pattern, caseSensitive: !options.contains(.caseInsensitive), .none,
                                       options: options.subtracting(.caseInsensitive))
        return try RegexObject.apply(n, regex, Convert.toString(input, ConversionContext()), Array(args.dropFirst()),
                                     context.globalScope, .none)
    }

    /// RegexOptions as ICU options, and whether matching is case-sensitive.
    static func options(_ v: Value) -> (NSRegularExpression.Options, Bool) {
        var n = 0
        if case .object(let e as EnumValue) = v.normalized { n = e.value }
        else if let e = Enums.find("RegexOptions"), case .object(let ev as EnumValue)? = try? e.convert(v, .none) { n = ev.value }
        var o: NSRegularExpression.Options = []
        if n & 2 != 0 { o.insert(.anchorsMatchLines) }
        if n & 16 != 0 { o.insert(.dotMatchesLineSeparators) }
        if n & 32 != 0 { o.insert(.allowCommentsAndWhitespace) }
        return (o, n & 1 == 0)
    }

    /// The Regex methods shared by `[regex]::M(input, pattern, …)` and `$re.M(input, …)`.
    static func apply(_ name: String, _ r: NSRegularExpression, _ input: String, _ rest: [Value], _ s: Scope,
                      _ position: ErrorPosition) throws -> Value {
        let ns = input as NSString
        let range = NSRange(location: 0, length: ns.length)
        switch name {
        case "ismatch":
            return .bool(r.firstMatch(in: input, options: [], range: range) != nil)
        case "match":
            return r.firstMatch(in: input, options: [], range: range).map { .object(MatchObject($0, ns, r)) } ?? .object(FailedMatch())
        case "matches":
            return .object(PSArray(r.matches(in: input, options: [], range: range).map { .object(MatchObject($0, ns, r)) }))
        case "split":
            return .object(PSArray(Matching.split(input, r, count: 0).map { .string($0) }, elementType: .string))
        default:
            guard let replacement = rest.first else { return .null }
            let layout = Matching.groupLayout(r.pattern)
            var out = ""
            var last = 0
            for m in r.matches(in: input, options: [], range: range) {
                out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
                if case .object(let sb as ScriptBlockObject) = replacement.normalized {
                    let v = try ScriptBlockInvoker.invoke(sb, s, args: [.object(MatchObject(m, ns, r))], position: position)
                    out += Convert.toString(v, ConversionContext())
                } else {
                    out += Matching.substitute(Convert.toString(replacement, ConversionContext()), m, ns, layout, input)
                }
                last = m.range.location + m.range.length
            }
            out += ns.substring(from: last)
            return .string(out)
        }
    }
}

/// `[version]'1.2.3'`.
public final class VersionObject: PSObjectBase {
    let parts: [Int]
    init?(_ text: String) {
        let p = text.trimmingCharacters(in: .whitespaces).split(separator: ".").map { Int($0) }
        guard p.count >= 2, p.count <= 4, p.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        parts = p.map { $0! }
    }
    init(parts: [Int]) { self.parts = parts }
    public override var typeName: String { "System.Version" }
    public override func toString(_ context: ConversionContext) -> String { parts.map(String.init).joined(separator: ".") }
    public override var propertyNames: [String] { ["Major", "Minor", "Build", "Revision"] }
    public override func getProperty(_ name: String) -> Value? {
        let i = ["major", "minor", "build", "revision"].firstIndex(of: name.lowercased())
        guard let i else { return nil }
        return .int(Int32(i < parts.count ? parts[i] : -1))
    }
    func compare(_ other: VersionObject) -> Int {
        for i in 0..<4 {
            let a = i < parts.count ? parts[i] : -1, b = i < other.parts.count ? other.parts[i] : -1
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }
    public override func isEqual(to other: PSObjectBase) -> Bool {
        (other as? VersionObject).map { compare($0) == 0 } ?? false
    }
}

/// `System.Collections.ArrayList` and `List[T]`: growable, enumerated by the pipeline.
public final class PSList: PSObjectBase {
    public var items: [Value]
    let type: PSType
    init(_ items: [Value], type: PSType) {
        self.items = items
        self.type = type
    }

    enum Kind { case arrayList }
    convenience init(kind: Kind, _ items: [Value] = []) {
        self.init(items, type: PSType.named["system.collections.arraylist"]!)
    }
    public override var typeName: String { type.fullName }
    public override var isEnumerable: Bool { true }
    public override func enumerate() -> [Value] { items }
    public override func toString(_ context: ConversionContext) -> String { type.fullName }
}

/// A named constant of an enumeration (ActionPreference, ConsoleColor, PowerState…).
public final class EnumValue: PSObjectBase {
    public let enumType: String
    public let name: String
    public let value: Int
    public init(type: String, name: String, value: Int) {
        self.enumType = type
        self.name = name
        self.value = value
    }
    public override var typeName: String { enumType }
    public override var typeNames: [String] { [enumType, "System.Enum", "System.ValueType", "System.Object"] }
    public override func toString(_ context: ConversionContext) -> String { name }
    func matches(_ v: Value) -> Bool {
        switch v {
        case .string(let s): return s.caseInsensitiveCompare(name) == .orderedSame
        case .int(let i): return Int(i) == value
        case .object(let o as EnumValue): return o.enumType == enumType && o.value == value
        default: return false
        }
    }
    public override func isEqual(to other: PSObjectBase) -> Bool {
        (other as? EnumValue).map { $0.enumType == enumType && $0.value == value } ?? false
    }
}

/// An IEnumerator (`$foreach`, `$input`): read once, item by item.
public final class EnumeratorObject: PSObjectBase {
    var items: [Value]
    var index = -1
    init(_ items: [Value]) { self.items = items }
    public override var typeName: String { "System.Collections.IEnumerator" }
    public override var isEnumerable: Bool { true }
    /// Enumerating consumes what is left.
    public override func enumerate() -> [Value] {
        let rest = index + 1 < items.count ? Array(items[(index + 1)...]) : []
        index = items.count
        return rest
    }
    func moveNext() -> Bool {
        if index < items.count { index += 1 }
        return index < items.count
    }
    var current: Value { index >= 0 && index < items.count ? items[index] : .null }
    public override var propertyNames: [String] { ["Current"] }
    public override func getProperty(_ name: String) -> Value? {
        name.lowercased() == "current" ? current : nil
    }
    public override func callMethod(_ name: String, _ args: [Value], _ context: ExecutionContext) throws -> Value? {
        switch name.lowercased() {
        case "movenext": return .bool(moveNext())
        case "reset": index = -1; return AutomationNull.value
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { typeName }
}
