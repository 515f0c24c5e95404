/// Registered default views (as format.ps1xml gives pwsh): how objects of a type are
/// shown when they reach Out-Default. The PowerCLI layer registers its types' views.
public struct TableView {
    public struct Column {
        public var label: String
        public var width: Int?
        public var alignment: Alignment?
        public var value: (Value) -> Value

        public init(_ label: String, width: Int? = nil, alignment: Alignment? = nil, value: @escaping (Value) -> Value) {
            self.label = label
            self.width = width
            self.alignment = alignment
            self.value = value
        }

        /// A column showing a property.
        public static func property(_ name: String, label: String? = nil, width: Int? = nil, alignment: Alignment? = nil) -> Column {
            Column(label ?? name, width: width, alignment: alignment) { Members.propertyIfPresent($0, name) ?? .null }
        }
    }
    public var columns: [Column]
    /// A view grouped by a property (Get-Member's TypeName): a header line per group.
    public var groupBy: Column?
    public init(_ columns: [Column], groupBy: Column? = nil) {
        self.columns = columns
        self.groupBy = groupBy
    }
}

public enum Alignment { case left, right, center }

public enum FormatView {
    case table(TableView)
    case list([TableView.Column])
    /// Lines of text per object (DateTime's custom view).
    case custom((Value) -> [String])
}

/// Views are per type, the same in every session (as format.ps1xml files are loaded
/// once per process); registering one again replaces it.
public enum FormatViews {
    private struct Tables {
        var views: [String: FormatView] = [:]
        var listViews: [String: [TableView.Column]] = [:]
    }
    private static let tables: Locked<Tables> = {
        let t = Locked(Tables())
        installDefaults(t)
        return t
    }()

    public static func register(_ typeName: String, _ view: FormatView) {
        tables.withLock { $0.views[typeName.lowercased()] = view }
    }

    /// A list view used by Format-List when the type's default view is a table.
    public static func registerList(_ typeName: String, _ columns: [TableView.Column]) {
        tables.withLock { $0.listViews[typeName.lowercased()] = columns }
    }

    static func listView(for v: Value) -> [TableView.Column]? {
        guard case .object(let o) = v else { return nil }
        let names = o.typeNames
        return tables.withLock { t in
            for name in names {
                if let cols = t.listViews[name.lowercased()] { return cols }
            }
            return nil
        }
    }

    static func view(for v: Value) -> (String, FormatView)? {
        guard case .object(let o) = v else { return nil }
        let names = o.typeNames
        return tables.withLock { t in
            for name in names {
                if let view = t.views[name.lowercased()] { return (name, view) }
            }
            return nil
        }
    }

    private static func installDefaults(_ tables: Locked<Tables>) {
        func register(_ typeName: String, _ view: FormatView) { tables.withLock { $0.views[typeName.lowercased()] = view } }
        func registerList(_ typeName: String, _ columns: [TableView.Column]) {
            tables.withLock { $0.listViews[typeName.lowercased()] = columns }
        }
        register("System.Collections.DictionaryEntry", .table(TableView([
            .property("Name", width: 30, alignment: .left),
            .property("Value", alignment: .left),
        ])))
        registerList("System.Collections.DictionaryEntry", [.property("Name"), .property("Value")])
        register("System.DateTime", .custom { v in
            guard case .object(let d as PSDateTime) = v else { return [] }
            switch d.displayHint.lowercased() {
            case "date": return [DateFormatting.format(d, "D")]
            case "time": return [DateFormatting.format(d, "T")]
            default: return [DateFormatting.format(d, "D") + " " + DateFormatting.format(d, "T")]
            }
        })
        register("Microsoft.PowerShell.Commands.MatchInfo", .custom { v in
            guard case .object(let m as MatchInfo) = v else { return [] }
            return [m.display(relativeTo: m.directory)]
        })
        register("System.TimeSpan", .list(["Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks", "TotalDays",
                                           "TotalHours", "TotalMinutes", "TotalSeconds", "TotalMilliseconds"].map { .property($0) }))
        register("System.RuntimeType", .table(TableView([
            .property("IsPublic", width: 8, alignment: .left), .property("IsSerial", width: 8, alignment: .left),
            .property("Name", width: 40, alignment: .left), .property("BaseType", alignment: .left),
        ])))
    }
}
