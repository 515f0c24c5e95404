import Foundation

/// A PowerShell value. The common scalars are stored inline; everything else (arrays,
/// hashtables, objects, script blocks, dates…) is a reference to a `PSObjectBase`.
public enum Value {
    case null
    case bool(Bool)
    /// System.Int32
    case int(Int32)
    /// System.Int64
    case long(Int64)
    /// System.Double
    case double(Double)
    /// System.Decimal
    case decimal(NetDecimal)
    case string(String)
    case object(PSObjectBase)

    public static let `true` = Value.bool(true)
    public static let `false` = Value.bool(false)
    public static let emptyString = Value.string("")

    @inline(__always) public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// An int, long or double: stored inline, nothing to release.
    @inline(__always) var isPlainNumber: Bool {
        switch self {
        case .int, .long, .double: return true
        default: return false
        }
    }

    public var asObject: PSObjectBase? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The array (object[] or typed array) this value holds, if any.
    public var asArray: PSArray? { asObject as? PSArray }

    public var asHashtable: PSHashtable? { asObject as? PSHashtable }
}

/// The base of every reference value. Subclasses override what differs: the .NET type
/// name, members, enumeration and string conversion.
open class PSObjectBase {
    public init() {}

    /// The .NET object this one stands for, for [object]::ReferenceEquals: a view made
    /// afresh on each access (an ErrorRecord's Exception) names what it views.
    open var referenceIdentity: AnyObject { self }

    /// Note properties Add-Member attached to this object (PowerShell's PSObject
    /// wrapper adds instance members to any object).
    public var addedNotes: PSCustomObject?

    /// The .NET full type name (`System.Object[]`, `System.Collections.Hashtable`, …).
    open var typeName: String { "System.Object" }

    /// Type names from most to least derived, as `PSObject.TypeNames` lists them; the
    /// formatter picks views by these.
    open var typeNames: [String] { [typeName, "System.Object"] }

    /// Whether the pipeline unrolls this value into its elements.
    open var isEnumerable: Bool { false }

    /// The elements when enumerable.
    open func enumerate() -> [Value] { [] }

    /// `ToString()`.
    open func toString(_ context: ConversionContext) -> String { typeName }

    /// A property by name (case-insensitive), or nil when the object has none.
    open func getProperty(_ name: String) -> Value? { nil }

    /// Sets a property; false when the object has no such settable property.
    open func setProperty(_ name: String, _ value: Value) -> Bool { false }

    /// Property names in display order (for formatting and Get-Member).
    open var propertyNames: [String] { [] }

    /// Equality beyond identity (value-like objects such as versions override it).
    open func isEqual(to other: PSObjectBase) -> Bool { false }

    /// Calls a method; nil when the object has no method of that name.
    open func callMethod(_ name: String, _ args: [Value], _ context: ExecutionContext) throws -> Value? { nil }
}

/// What string conversion depends on: `$OFS` and the culture (always invariant-like here).
public struct ConversionContext {
    public var ofs: String = " "
    public init(ofs: String = " ") { self.ofs = ofs }
}
