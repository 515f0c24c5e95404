import Foundation

/// Property and method access on values: .NET members of the types scripts use, the
/// intrinsic members every value has (Count, Length, PSObject, GetType, Where, ForEach),
/// and member enumeration over collections.
enum Members {
    static func getProperty(_ target: Value, _ name: String, _ s: Scope, _ position: ErrorPosition) throws -> Value {
        let t = target.normalized
        if let v = propertyIfPresent(t, name) { return v }
        // Member enumeration: a collection without the member gives each element's.
        if case .object(let o) = t, o.isEnumerable {
            var out: [Value] = []
            for e in o.enumerate() {
                if let v = propertyIfPresent(e.normalized, name) {
                    if case .object(let vo) = v, vo.isEnumerable { out += vo.enumerate() } else { out.append(v) }
                }
            }
            if out.isEmpty { return .null }
            return out.count == 1 ? out[0] : .object(PSArray(out))
        }
        if s.context.strictMode >= 2 {
            throw Errors.runtime("The property '\(name)' cannot be found on this object. Verify that the property exists.",
                                 id: "PropertyNotFoundStrict", position)
        }
        return .null
    }

    /// A property's value when the value has that property (nil otherwise).
    static func propertyIfPresent(_ v: Value, _ name: String) -> Value? {
        // An object's own properties first: the common case needs no lowercased name.
        if case .object(let o) = v, let p = o.getProperty(name) { return p }
        let lower = name.lowercased()
        switch v {
        case .null:
            return lower == "count" || lower == "length" ? .int(0) : nil
        case .string(let s):
            if lower == "length" { return .int(Int32(s.utf16.count)) }
        case .object(let o):
            if let p = o.getProperty(name) { return p }
            if let notes = o.addedNotes, let p = notes.getProperty(name) { return p }
            if let p = BuiltinProperties.get(o, lower) { return p }
            if lower == "psobject" { return .object(PSObjectView(v)) }
            if lower == "pstypenames" {
                if let c = o as? PSCustomObject { return .object(c.typeNameList) }
                return .object(PSList(o.typeNames.map { .string($0) }, type: PSType(.list, "System.Collections.ObjectModel.Collection[System.String]", element: .string)))
            }
            if lower == "count" || lower == "length" {
                if o.isEnumerable { return .int(Int32(o.enumerate().count)) }
                if let h = o as? PSHashtable { return .int(Int32(h.count)) }
                return o === AutomationNull.shared ? .int(0) : .int(1)
            }
            return nil
        default:
            break
        }
        if lower == "count" || lower == "length" { return .int(1) }
        if lower == "psobject" { return .object(PSObjectView(v)) }
        if lower == "pstypenames" {
            return .object(PSArray([Convert.typeName(v), "System.ValueType", "System.Object"].map { .string($0) }))
        }
        return nil
    }

    static func setProperty(_ target: Value, _ name: String, _ value: Value, _ position: ErrorPosition) throws {
        if case .object(let o) = target.normalized {
            if o.setProperty(name, value) { return }
            if let notes = o.addedNotes, notes.setProperty(name, value) { return }
            if o.isEnumerable {
                // Setting a property on a collection sets it on each element.
                var any = false
                for e in o.enumerate() { if case .object(let eo) = e, eo.setProperty(name, value) { any = true } }
                if any { return }
            }
        }
        if target.isNullish {
            throw Errors.runtime("The property '\(name)' cannot be found on this object. Verify that the property exists and can be set.",
                                 id: "PropertyAssignmentException", position)
        }
        throw Errors.runtime("The property '\(name)' cannot be found on this object. Verify that the property exists and can be set.",
                             id: "PropertyNotFound", position)
    }

    static func call(_ target: Value, _ name: String, _ args: [Value], _ s: Scope, _ position: ErrorPosition) throws -> Value {
        let t = target.normalized
        let lower = name.lowercased()
        if t.isNull {
            throw Errors.runtime("You cannot call a method on a null-valued expression.", id: "InvokeMethodOnNull", position)
        }
        // Script methods added to the object (Add-Member -MemberType ScriptMethod).
        if case .object(let o) = t, let m = (o as? PSCustomObject)?.scriptMethods[lower] ?? o.addedNotes?.scriptMethods[lower] {
            return try ScriptBlockInvoker.invoke(m.block, s, args: args, position: position, this: t)
        }
        do {
            if let r = try Methods.call(t, lower, args, s, position) { return r }
        } catch let e as ErrorRecord {
            throw e
        } catch let e as MethodError {
            throw Errors.methodInvocation(name, args.count, e, position)
        }
        // Member enumeration of methods over a collection.
        if case .object(let o) = t, o.isEnumerable, !(o is PSHashtable) {
            var out: [Value] = []
            for e in o.enumerate() {
                let r = try call(e, name, args, s, position)
                if case .object(let ro) = r, ro === AutomationNull.shared { continue }
                out.append(r)
            }
            return out.isEmpty ? AutomationNull.value : (out.count == 1 ? out[0] : .object(PSArray(out)))
        }
        throw Errors.runtime("Method invocation failed because [\(Convert.typeName(t))] does not contain a method named '\(name)'.",
                             id: "MethodNotFound", position, exception: "System.Management.Automation.RuntimeException")
    }
}

/// An error inside a .NET method, reported as "Exception calling "M" with "n" argument(s)".
struct MethodError: Error {
    let message: String
    var id = "MethodInvocationException"
}

/// `$x.PSObject`: Properties, TypeNames, BaseObject.
public final class PSObjectView: PSObjectBase {
    let value: Value
    init(_ value: Value) { self.value = value }
    public override var typeName: String { "System.Management.Automation.PSObject" }
    public override func toString(_ context: ConversionContext) -> String { Convert.toString(value, context) }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "properties":
            return .object(MemberCollection(PropertyList.properties(of: value)))
        case "typenames":
            let names: [String]
            switch value {
            case .object(let o): names = o.typeNames
            default: names = [Convert.typeName(value), "System.ValueType", "System.Object"]
            }
            return .object(PSArray(names.map { .string($0) }))
        case "baseobject", "immediatebaseobject":
            return value
        default:
            return nil
        }
    }
}

/// `$x.PSObject.Properties`: enumerable, and indexable by name.
public final class MemberCollection: PSObjectBase {
    let members: [PSPropertyInfo]
    init(_ members: [PSPropertyInfo]) { self.members = members }
    public override var typeName: String { "System.Management.Automation.PSMemberInfoIntegratingCollection`1[[System.Management.Automation.PSPropertyInfo]]" }
    public override var isEnumerable: Bool { true }
    public override func enumerate() -> [Value] { members.map { .object($0) } }
    func named(_ name: String) -> Value {
        let w = Wildcard(name, caseSensitive: false)
        let found = members.filter { w.matches($0.name) }
        return found.count == 1 ? .object(found[0]) : (found.isEmpty ? .null : .object(PSArray(found.map { .object($0) })))
    }
    public override func callMethod(_ name: String, _ args: [Value], _ context: ExecutionContext) throws -> Value? {
        guard name.lowercased() == "match", let pattern = args.first else { return nil }
        let w = Wildcard(Convert.toString(pattern, ConversionContext()), caseSensitive: false)
        return .object(PSArray(members.filter { w.matches($0.name) }.map { .object($0) }))
    }
}

/// One property as `$x.PSObject.Properties` lists it.
public final class PSPropertyInfo: PSObjectBase {
    let name: String
    let value: Value
    let memberType: String
    init(name: String, value: Value, memberType: String) {
        self.name = name
        self.value = value
        self.memberType = memberType
    }
    public override var typeName: String { "System.Management.Automation.PSNoteProperty" }
    public override var propertyNames: [String] { ["Value", "MemberType", "IsSettable", "IsGettable", "TypeNameOfValue", "Name", "IsInstance"] }
    public override func getProperty(_ n: String) -> Value? {
        switch n.lowercased() {
        case "name": return .string(name)
        case "value": return value
        case "membertype": return .string(memberType)
        case "typenameofvalue": return .string(Convert.typeName(value))
        case "isgettable", "isinstance": return .true
        case "issettable": return .bool(memberType == "NoteProperty")
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String {
        "\(Convert.typeName(value).split(separator: ".").last ?? "Object") \(name)=\(Convert.toString(value, context))"
    }
}

enum PropertyList {
    /// The properties of a value in display order, with their values.
    static func properties(of v: Value) -> [PSPropertyInfo] {
        switch v.normalized {
        case .object(let o):
            let kind = o is PSCustomObject ? "NoteProperty" : "Property"
            var list = o.propertyNames.map { PSPropertyInfo(name: $0, value: Members.propertyIfPresent(v, $0) ?? .null, memberType: kind) }
            if let notes = o.addedNotes {
                list += zip(notes.names, notes.values).map { PSPropertyInfo(name: $0, value: $1, memberType: "NoteProperty") }
            }
            return list
        case .string(let s):
            return [PSPropertyInfo(name: "Length", value: .int(Int32(s.utf16.count)), memberType: "Property")]
        default:
            return []
        }
    }
}
