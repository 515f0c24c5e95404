import Foundation

/// Properties of the built-in object types that their classes do not expose themselves.
enum BuiltinProperties {
    static func get(_ o: PSObjectBase, _ name: String) -> Value? {
        switch o {
        case let h as PSHashtable:
            switch name {
            case "keys": return .object(PSArray(h.keys))
            case "values": return .object(PSArray(h.values))
            case "count": return .int(Int32(h.count))
            default: return nil
            }
        case let d as PSDateTime:
            let p = d.parts
            switch name {
            case "year": return .int(Int32(p.year))
            case "month": return .int(Int32(p.month))
            case "day": return .int(Int32(p.day))
            case "hour": return .int(Int32(p.hour))
            case "minute": return .int(Int32(p.minute))
            case "second": return .int(Int32(p.second))
            case "millisecond": return .int(Int32(p.millisecond))
            case "dayofweek": return .object(EnumValue(type: "System.DayOfWeek", name: DateFormatting.days[p.dayOfWeek], value: p.dayOfWeek))
            case "dayofyear": return .int(Int32(p.dayOfYear))
            case "ticks": return .long(d.ticks)
            case "date": return .object(PSDateTime(ticks: d.ticks - d.ticks % PSDateTime.ticksPerDay, kind: d.kind))
            case "timeofday": return .object(PSTimeSpan(ticks: d.ticks % PSDateTime.ticksPerDay))
            case "kind": return .object(EnumValue(type: "System.DateTimeKind", name: d.kindName, value: d.kind.rawValue))
            case "displayhint": return .string(d.displayHint)
            case "datetime":
                return .string(DateFormatting.format(d, "D") + " " + DateFormatting.format(d, "T"))
            default: return nil
            }
        case let t as PSTimeSpan:
            let ticks = t.ticks
            switch name {
            case "days": return .int(Int32(ticks / PSDateTime.ticksPerDay))
            case "hours": return .int(Int32(ticks / 36_000_000_000 % 24))
            case "minutes": return .int(Int32(ticks / 600_000_000 % 60))
            case "seconds": return .int(Int32(ticks / 10_000_000 % 60))
            case "milliseconds": return .int(Int32(ticks / 10_000 % 1000))
            case "ticks": return .long(ticks)
            case "totaldays": return .double(Double(ticks) / Double(PSDateTime.ticksPerDay))
            case "totalhours": return .double(Double(ticks) / 36_000_000_000)
            case "totalminutes": return .double(Double(ticks) / 600_000_000)
            case "totalseconds": return .double(Double(ticks) / 10_000_000)
            case "totalmilliseconds": return .double(Double(ticks) / 10_000)
            default: return nil
            }
        case let l as PSList:
            if name == "count" { return .int(Int32(l.items.count)) }
            if name == "capacity" { return .int(Int32(max(4, l.items.count))) }
            return nil
        case let a as PSArray:
            switch name {
            case "count", "length", "longlength": return .int(Int32(a.items.count))
            case "rank": return .int(1)
            case "issynchronized", "isfixedsize", "isreadonly": return .bool(name == "isfixedsize")
            default: return nil
            }
        case let e as ErrorRecord:
            if e.isExceptionValue { return ExceptionObject(e).getProperty(name) }
            switch name {
            case "exception": return .object(ExceptionObject(e))
            case "fullyqualifiederrorid": return .string(e.fullyQualifiedErrorId)
            case "categoryinfo": return .object(CategoryInfoObject(e))
            case "targetobject": return e.targetObject
            case "invocationinfo": return .object(InvocationInfoObject(e))
            case "scriptstacktrace": return .string(e.position.source.map { "at <ScriptBlock>, \($0.name): line \($0.location(of: e.position.range?.start ?? 0).line)" } ?? "")
            case "errordetails":
                guard e.detailsMessage != nil || e.recommendedAction != nil else { return .null }
                let d = PSCustomObject()
                d.add("Message", .string(e.detailsMessage ?? ""))
                d.add("RecommendedAction", .string(e.recommendedAction ?? ""))
                return .object(d)
            default: return nil
            }
        case let sb as ScriptBlockObject:
            switch name {
            case "ast": return .string(sb.toString(ConversionContext()))
            case "file": return .string(sb.block.source.name)
            default: return nil
            }
        case let m as MatchObject:
            return m.getProperty(name)
        default:
            return nil
        }
    }
}

/// `$_.Exception`.
public final class ExceptionObject: PSObjectBase {
    let record: ErrorRecord
    init(_ record: ErrorRecord) { self.record = record }
    public override var referenceIdentity: AnyObject { record }
    public override var typeName: String { record.exceptionType }
    public override var typeNames: [String] {
        var names: [String] = []
        var t: String? = record.exceptionType.lowercased()
        var display = [record.exceptionType]
        while let cur = t, let parent = ExceptionTypes.parents[cur], !parent.isEmpty {
            display.append(parent)
            t = parent
        }
        names = display
        return names + ["System.Exception", "System.Object"]
    }
    public override func toString(_ context: ConversionContext) -> String { "\(record.exceptionType): \(record.message)" }
    public override var propertyNames: [String] {
        let names = ["Message", "Data", "InnerException", "TargetSite", "StackTrace", "HelpLink", "Source", "HResult"]
        return ExceptionTypes.isArgumentException(record.exceptionType) ? names + ["ParamName"] : names
    }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "message": return .string(record.message)
        case "innerexception":
            if let inner = record.innerRecord { return .object(ExceptionObject(inner)) }
            guard let t = record.innerType else { return .null }
            return .object(ExceptionObject(ErrorRecord(t, record.innerMessage ?? "", id: t)))
        case "wasthrownfromthrowstatement": return .bool(record.wasThrown)
        case "data": return .object(PSHashtable())
        case "errorrecord": return .object(record.stoppedRecord ?? record)
        case "hresult": return .int(-2146233087)
        case "source", "stacktrace", "helplink": return .null
        case "paramname" where ExceptionTypes.isArgumentException(record.exceptionType):
            return record.exceptionProperties["paramname"] ?? .null
        default: return record.exceptionProperties[name.lowercased()]
        }
    }
}

public final class CategoryInfoObject: PSObjectBase {
    let record: ErrorRecord
    init(_ record: ErrorRecord) { self.record = record }
    public override var typeName: String { "System.Management.Automation.ErrorCategoryInfo" }
    public override func toString(_ context: ConversionContext) -> String { record.categoryInfo }
    public override func getProperty(_ name: String) -> Value? {
        switch name.lowercased() {
        case "category": return .object(EnumValue(type: "System.Management.Automation.ErrorCategory", name: record.category.rawValue, value: 0))
        case "reason": return .string(record.reason ?? record.exceptionShortName)
        case "targetname": return .string(record.targetName ?? Convert.toString(record.targetObject, ConversionContext()))
        case "targettype":
            if let t = record.targetType { return .string(t) }
            return .string(record.targetObject.isNull ? "" : Convert.typeName(record.targetObject).split(separator: ".").last.map(String.init) ?? "")
        case "activity": return .string(record.activity ?? record.commandName ?? "")
        default: return nil
        }
    }
    public override func callMethod(_ name: String, _ args: [Value], _ context: ExecutionContext) throws -> Value? {
        name.lowercased() == "getmessage" && args.count <= 1 ? .string(record.categoryInfo) : nil
    }
}

public final class InvocationInfoObject: PSObjectBase {
    let record: ErrorRecord
    init(_ record: ErrorRecord) { self.record = record }
    public override var typeName: String { "System.Management.Automation.InvocationInfo" }
    public override func getProperty(_ name: String) -> Value? {
        let loc = record.position.source.map { $0.location(of: record.position.range?.start ?? 0) }
        switch name.lowercased() {
        case "scriptname": return .string(record.position.source?.name ?? "")
        case "scriptlinenumber": return .int(Int32(loc?.line ?? 0))
        case "offsetinline": return .int(Int32(loc?.column ?? 0))
        case "line": return .string(loc.map { record.position.source!.lineText($0.line) + "\n" } ?? "")
        case "mycommand": return record.commandName.map { $0.isEmpty ? .null : .object(CommandNameValue($0)) } ?? .null
        case "positionmessage": return .string(ErrorView.positionMessage(record))
        case "invocationname": return .string(record.commandName ?? "")
        default: return nil
        }
    }
}
