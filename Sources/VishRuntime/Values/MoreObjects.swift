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
