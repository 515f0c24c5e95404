import Foundation

/// The .NET primitives that are not common enough for their own `Value` case.
public enum Primitive: Equatable {
    case char(UInt16)
    case byte(UInt8)
    case sbyte(Int8)
    case int16(Int16)
    case uint16(UInt16)
    case uint32(UInt32)
    case uint64(UInt64)
    case single(Float)
    /// System.Numerics.BigInteger (`10n`, `[bigint]'…'`).
    case bigint(BigInt)

    public var typeName: String {
        switch self {
        case .char: return "System.Char"
        case .byte: return "System.Byte"
        case .sbyte: return "System.SByte"
        case .int16: return "System.Int16"
        case .uint16: return "System.UInt16"
        case .uint32: return "System.UInt32"
        case .uint64: return "System.UInt64"
        case .single: return "System.Single"
        case .bigint: return "System.Numerics.BigInteger"
        }
    }

    /// The value as a double (for arithmetic and comparison).
    public var doubleValue: Double {
        switch self {
        case .char(let c): return Double(c)
        case .byte(let v): return Double(v)
        case .sbyte(let v): return Double(v)
        case .int16(let v): return Double(v)
        case .uint16(let v): return Double(v)
        case .uint32(let v): return Double(v)
        case .uint64(let v): return Double(v)
        case .single(let v): return Double(v)
        case .bigint(let v): return v.double
        }
    }

    public var isInteger: Bool {
        if case .single = self { return false }
        return true
    }
}

/// A boxed primitive: a char, byte, short, uint, ulong or float.
public final class PSScalarBox: PSObjectBase {
    public let value: Primitive

    public init(_ value: Primitive) { self.value = value }

    public override var typeName: String { value.typeName }
    public override var typeNames: [String] { [typeName, "System.ValueType", "System.Object"] }

    var hashText: String { "\(typeName):\(toString(ConversionContext()))" }

    public override func toString(_ context: ConversionContext) -> String {
        switch value {
        case .char(let c): return String(utf16CodeUnits: [c], count: 1)
        case .byte(let v): return String(v)
        case .sbyte(let v): return String(v)
        case .int16(let v): return String(v)
        case .uint16(let v): return String(v)
        case .uint32(let v): return String(v)
        case .uint64(let v): return String(v)
        case .single(let v): return NumberFormatting.single(v)
        case .bigint(let v): return v.description
        }
    }

    public static func char(_ c: UInt16) -> Value { .object(PSScalarBox(.char(c))) }
}
