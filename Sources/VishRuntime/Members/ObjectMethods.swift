import Foundation

/// Methods of the built-in reference types.
enum ObjectMethods {
    static func call(_ o: PSObjectBase, _ v: Value, _ name: String, _ rawArgs: [Value], _ s: Scope, _ position: ErrorPosition) throws -> Value? {
        let args = ArgList(rawArgs)
        let ctx = ConversionContext()
        func int(_ i: Int) throws -> Int { Int(try Convert.toInt32(args[i], position)) }
        func double(_ i: Int) throws -> Double { try Convert.toDouble(args[i], position) }

        switch o {
        case let a as PSArray:
            switch name {
            case "contains": return .bool(try a.items.contains { try Comparison.equals($0, args[0], caseSensitive: false) })
            case "indexof":
                return .int(Int32(try a.items.firstIndex { try Comparison.equals($0, args[0], caseSensitive: false) } ?? -1))
            case "clone": return .object(PSArray(a.items, elementType: a.elementType))
            case "getvalue": return a.items[try int(0)]
            case "setvalue":
                a.items[try int(1)] = args[0]
                return AutomationNull.value
            case "tostring": return .string(a.typeName)
            case "getenumerator": return .object(EnumeratorObject(a.items))
            default: return nil
            }
        case let h as PSHashtable:
            switch name {
            case "containskey", "contains": return .bool(h.contains(args[0]))
            case "containsvalue": return .bool(try h.values.contains { try Comparison.equals($0, args[0], caseSensitive: false) })
            case "add":
                if h.contains(args[0]) {
                    let k = Convert.toString(args[0], ctx)
                    throw MethodError(message: "Item has already been added. Key in dictionary: '\(k)'  Key being added: '\(k)'", id: "ArgumentException")
                }
                h[args[0]] = args.count > 1 ? args[1] : .null
                return AutomationNull.value
            case "remove":
                h[args[0]] = nil
                return AutomationNull.value
            case "clear":
                h.removeAll()
                return AutomationNull.value
            case "clone": return .object(h.copy())
            case "getenumerator":
                return .object(PSArray(zip(h.keys, h.values).map { .object(DictionaryEntry(key: $0, value: $1)) }))
            case "tostring": return .string(h.typeName)
            default: return nil
            }
        case let c as PSGenericCollection:
            return try c.call(name, args, position)
        case let l as PSList:
            switch name {
            case "add":
                var item = args.first ?? .null
                // List[T].Add converts its argument to T.
                if let e = l.type.element { item = try Convert.to(e, item, position) }
                l.items.append(item)
                return l.type.kind == .arrayList ? .int(Int32(l.items.count - 1)) : AutomationNull.value
            case "addrange":
                if case .object(let r) = args.first ?? .null, r.isEnumerable { l.items += r.enumerate() } else if let a = args.first { l.items.append(a) }
                return AutomationNull.value
            case "remove":
                if let i = try l.items.firstIndex(where: { try Comparison.equals($0, args[0], caseSensitive: true) }) {
                    l.items.remove(at: i)
                    return l.type.kind == .list ? .true : AutomationNull.value
                }
                return l.type.kind == .list ? .false : AutomationNull.value
            case "removeat":
                let i = try int(0)
                guard i >= 0 && i < l.items.count else { throw MethodError(message: "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')", id: "ArgumentOutOfRangeException") }
                l.items.remove(at: i)
                return AutomationNull.value
            case "insert":
                l.items.insert(args[1], at: try int(0))
                return AutomationNull.value
            case "clear":
                l.items.removeAll()
                return AutomationNull.value
            case "contains": return .bool(try l.items.contains { try Comparison.equals($0, args[0], caseSensitive: true) })
            case "indexof": return .int(Int32(try l.items.firstIndex { try Comparison.equals($0, args[0], caseSensitive: true) } ?? -1))
            case "toarray": return .object(PSArray(l.items, elementType: l.type.element))
            case "sort":
                l.items = try SortHelper.sorted(l.items) { try Comparison.compare($0, $1, caseSensitive: false, position) < 0 }
                return AutomationNull.value
            case "reverse":
                l.items.reverse()
                return AutomationNull.value
            case "getrange":
                let from = try int(0), count = try int(1)
                return .object(PSList(Array(l.items[from..<(from + count)]), type: l.type))
            case "tostring": return .string(l.typeName)
            default: return nil
            }
        case let d as PSDateTime:
            func add(_ ticks: Double) -> Value { .object(PSDateTime(ticks: d.ticks + Int64(ticks.rounded()), kind: d.kind)) }
            switch name {
            case "adddays": return add(try double(0) * Double(PSDateTime.ticksPerDay))
            case "addhours": return add(try double(0) * 36_000_000_000)
            case "addminutes": return add(try double(0) * 600_000_000)
            case "addseconds": return add(try double(0) * 10_000_000)
            case "addmilliseconds": return add(try double(0) * 10_000)
            case "addticks": return .object(PSDateTime(ticks: d.ticks + (try Convert.toInt64(args[0], position)), kind: d.kind))
            case "addmonths", "addyears":
                var p = d.parts
                let n = try int(0) * (name == "addyears" ? 12 : 1)
                let total = p.year * 12 + (p.month - 1) + n
                p.year = total / 12
                p.month = total % 12 + 1
                p.day = min(p.day, DateParsing.daysIn(p.year, p.month))
                guard let t = PSDateTime.validTicks(year: p.year, month: p.month, day: p.day) else {
                    throw MethodError(message: "The added or subtracted value results in an un-representable DateTime. (Parameter '\(name == "addyears" ? "years" : "months")')",
                                      id: "ArgumentOutOfRangeException")
                }
                return .object(PSDateTime(ticks: t + d.ticks % PSDateTime.ticksPerDay, kind: d.kind))
            case "add":
                if case .object(let t as PSTimeSpan)? = args.first { return .object(PSDateTime(ticks: d.ticks + t.ticks, kind: d.kind)) }
                return nil
            case "subtract":
                if case .object(let t as PSTimeSpan)? = args.first { return .object(PSDateTime(ticks: d.ticks - t.ticks, kind: d.kind)) }
                if case .object(let e as PSDateTime)? = args.first { return .object(PSTimeSpan(ticks: d.ticks - e.ticks)) }
                return nil
            case "tostring":
                return .string(args.isEmpty ? DateFormatting.format(d, "G") : DateFormatting.format(d, Convert.toString(args[0], ctx)))
            case "toshortdatestring": return .string(DateFormatting.format(d, "d"))
            case "tolongdatestring": return .string(DateFormatting.format(d, "D"))
            case "toshorttimestring": return .string(DateFormatting.format(d, "t"))
            case "tolongtimestring": return .string(DateFormatting.format(d, "T"))
            // (Local time is UTC here: only the kind changes; a Utc date stays as it is.)
            case "touniversaltime": return d.kind == .utc ? v : .object(PSDateTime(ticks: d.ticks, kind: .utc))
            case "tolocaltime": return d.kind == .local ? v : .object(PSDateTime(ticks: d.ticks, kind: .local))
            case "compareto":
                guard case .object(let e as PSDateTime)? = args.first else { return nil }
                return .int(d.ticks < e.ticks ? -1 : (d.ticks > e.ticks ? 1 : 0))
            case "tofiletime": return .long(d.ticks - 504_911_232_000_000_000)
            default: return nil
            }
        case let t as PSTimeSpan:
            switch name {
            case "tostring":
                if let f = args.first { return .string(try TimeSpanFormatting.format(t, Convert.toString(f, ctx))) }
                return .string(t.toString(ctx))
            case "add":
                if case .object(let u as PSTimeSpan)? = args.first { return .object(PSTimeSpan(ticks: t.ticks + u.ticks)) }
                return nil
            case "subtract":
                if case .object(let u as PSTimeSpan)? = args.first { return .object(PSTimeSpan(ticks: t.ticks - u.ticks)) }
                return nil
            case "negate": return .object(PSTimeSpan(ticks: -t.ticks))
            default: return nil
            }
        case let sb as ScriptBlockObject:
            switch name {
            case "invoke", "invokereturnasis":
                return try ScriptBlockInvoker.invoke(sb, s, args: args.values, position: position)
            case "getnewclosure":
                return .object(ScriptBlockObject(sb.block, captured: Closure.capture(s)))
            case "tostring": return .string(sb.toString(ctx))
            default: return nil
            }
        case let b as PSScalarBox:
            switch name {
            case "tostring":
                if !args.isEmpty, b.value.isInteger, case .char = b.value {} else if !args.isEmpty {
                    return .string(try NumberFormatting.format(v, Convert.toString(args[0], ctx)))
                }
                if case .single(let f) = b.value { return .string(NumberFormatting.singleRoundTrip(f)) }
                return .string(b.toString(ctx))
            case "toupper", "toupperinvariant": return .string(b.toString(ctx).uppercased())
            case "tolower", "tolowerinvariant": return .string(b.toString(ctx).lowercased())
            case "compareto": return .int(Int32(Comparison.numericCompare(try Convert.toNumber(v, position), try Convert.toNumber(args[0], position))))
            default: return nil
            }
        case let builder as StringBuilderObject:
            return try builder.call(name, args.values, position)
        default:
            if name == "tostring" { return .string(o.toString(ctx)) }
            if name == "psobject" { return .object(PSObjectView(v)) }
            return nil
        }
    }
}

/// A hashtable entry (`$h.GetEnumerator()`), as pwsh shows it: Name (Key) and Value.
public final class DictionaryEntry: PSObjectBase {
    public let key: Value
    public let value: Value
    init(key: Value, value: Value) {
        self.key = key
        self.value = value
    }
    public override var typeName: String { "System.Collections.DictionaryEntry" }
    public override var propertyNames: [String] { ["Name", "Key", "Value"] }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "name", "key": return key
        case "value": return value
        default: return nil
        }
    }
    public override func toString(_ context: ConversionContext) -> String { typeName }
}

/// `[System.Text.StringBuilder]`.
public final class StringBuilderObject: PSObjectBase {
    var text = ""
    public override var typeName: String { "System.Text.StringBuilder" }
    public override func toString(_ context: ConversionContext) -> String { text }
    public override var propertyNames: [String] { ["Capacity", "MaxCapacity", "Length"] }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "length": return .int(Int32(text.utf16.count))
        case "capacity": return .int(Int32(max(16, text.utf16.count)))
        case "maxcapacity": return .int(Int32.max)
        default: return nil
        }
    }
    func call(_ name: String, _ args: [Value], _ position: ErrorPosition) throws -> Value? {
        let ctx = ConversionContext()
        switch name {
        case "append": text += args.map { Convert.toString($0, ctx) }.joined(); return .object(self)
        case "appendline": text += (args.first.map { Convert.toString($0, ctx) } ?? "") + "\n"; return .object(self)
        case "appendformat":
            text += try StringOperators.format(args[0], .object(PSArray(Array(args.dropFirst()))), position)
            return .object(self)
        case "insert":
            let at = Int(try Convert.toInt32(args[0], position))
            var units = Array(text.utf16)
            units.insert(contentsOf: Array(Convert.toString(args[1], ctx).utf16), at: at)
            text = String(utf16CodeUnits: units, count: units.count)
            return .object(self)
        case "clear": text = ""; return .object(self)
        case "tostring": return .string(text)
        default: return nil
        }
    }
}

/// `GetNewClosure()`: a new scope holding copies of the variables visible now.
enum Closure {
    static func capture(_ s: Scope) -> Scope {
        let scope = Scope(parent: s.globalScope, symbols: SymbolTable(), context: s.context)
        for v in s.visibleVariables() { scope.define(v.name.lowercased(), PSVariable(v.name, v.value, type: v.typeConstraint)) }
        return scope
    }
}

/// A stable sort (Sort-Object and List.Sort are stable in pwsh).
enum SortHelper {
    static func sorted(_ items: [Value], by less: (Value, Value) throws -> Bool) throws -> [Value] {
        var indexed = Array(items.enumerated())
        var failure: Error?
        indexed.sort { a, b in
            if failure != nil { return false }
            do {
                if try less(a.element, b.element) { return true }
                if try less(b.element, a.element) { return false }
            } catch {
                failure = error
            }
            return a.offset < b.offset
        }
        if let failure { throw failure }
        return indexed.map(\.element)
    }
}
