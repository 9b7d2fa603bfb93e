//! Every user-facing string of the window and the rendered maps, in Chinese (the default) and
//! English. Domain enums carry their own names (`Labelled::zh`/`en`); everything else is a
//! [`T`] key here, so a missing translation is a compile error, not a blank button.

use serde::{Deserialize, Serialize};

use crate::model::Labelled;

/// The interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The name of the language in itself, for the language menu.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }

    pub fn t(self, key: T) -> &'static str {
        match self {
            Lang::Zh => key.zh(),
            Lang::En => key.en(),
        }
    }

    /// The name of a domain value (station class, risk level …) in this language.
    pub fn label<L: Labelled>(self, value: L) -> &'static str {
        match self {
            Lang::Zh => value.zh(),
            Lang::En => value.en(),
        }
    }
}

macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        /// A user-facing string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum T { $($key),* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),*];
            pub fn zh(self) -> &'static str { match self { $(T::$key => $zh),* } }
            pub fn en(self) -> &'static str { match self { $(T::$key => $en),* } }
        }
    };
}

texts! {
    AppTitle => "OneMap 应急资源一张图", "OneMap — emergency resources on one map";
    // Map layers
    LayerBasemap => "离线底图", "Offline basemap";
    LayerAreas => "行政区划", "Admin areas";
    LayerProtection => "消防站保护半径", "Protection radius";
    LayerTiles => "在线/瓦片底图", "Tile basemap";
    // Legend
    Legend => "图例", "Legend";
    Cluster => "聚合（数字为数量）", "Cluster (number = count)";
    ProtectionExisting => "保护半径（现有站）", "Protection radius (existing)";
    ProtectionPlanned => "保护半径（规划站）", "Protection radius (planned)";
    CityBoundary => "市界", "City boundary";
    DistrictBoundary => "区县界", "District boundary";
    TownshipBoundary => "乡镇界（示意）", "Township boundary (illustrative)";
    CountryBoundary => "国界（Natural Earth，非标准地图）", "Country boundary (Natural Earth)";
    IllustrativeNote => "示意：演示数据，位置为假设，非实测", "Illustrative: demo data, positions are assumed, not surveyed";
    Illustrative => "示意", "illustrative";
    // Sheet (export)
    ScaleBar => "比例尺", "Scale";
    MapDate => "制图日期", "Date";
    North => "北", "N";
    DefaultSheetTitle => "应急资源分布图", "Emergency resources";
    Source => "数据来源", "Data";

    // Menus and toolbar
    MenuFile => "文件", "File";
    MenuEdit => "编辑", "Edit";
    MenuView => "视图", "View";
    MenuTools => "工具", "Tools";
    MenuHelp => "帮助", "Help";
    NewProject => "新建项目…", "New project…";
    OpenProject => "打开项目…", "Open project…";
    Import => "导入", "Import";
    ImportFiles => "GeoJSON、CSV、Shapefile、GeoPackage", "GeoJSON, CSV, Shapefile, GeoPackage";
    TargetLayer => "导入到图层", "Into layer";
    CrsWgs84 => "坐标为 WGS84 / CGCS2000（GPS、天地图）", "Coordinates are WGS84 / CGCS2000 (GPS, Tianditu)";
    CrsGcj02 => "坐标为 GCJ-02（高德、腾讯）", "Coordinates are GCJ-02 (AMap, Tencent)";
    ExportLayer => "导出图层", "Export layer";
    ExportPng => "导出地图 PNG…", "Export map as PNG…";
    ExportPdf => "导出地图 PDF…", "Export map as PDF…";
    Quit => "退出", "Quit";
    Undo => "撤销", "Undo";
    Redo => "重做", "Redo";
    AddFeature => "添加", "Add";
    EditMode => "编辑模式", "Edit mode";
    Sidebar => "侧栏", "Sidebar";
    DetailsPanel => "详情面板", "Details panel";
    ZoomToExtent => "全图", "Whole project";
    ZoomAllShort => "全", "All";
    ZoomIn => "放大", "Zoom in";
    ZoomOut => "缩小", "Zoom out";
    Theme => "主题", "Theme";
    ThemeLight => "浅色", "Light";
    ThemeDark => "深色", "Dark";
    ShowGcj => "状态栏显示 GCJ-02 坐标", "Show GCJ-02 coordinates in the status bar";
    ToolBrowse => "浏览", "Browse";
    ToolBrowseHint => "单击选择要素，拖动平移，滚轮缩放", "Click to select, drag to pan, wheel to zoom";
    ToolDistance => "测距", "Distance";
    ToolArea => "测面", "Area";
    Settings => "设置…", "Settings…";
    SettingsTitle => "设置", "Settings";
    About => "关于", "About";
    Version => "版本", "Version";
    AboutText => "应急资源一张图：消防站、救援队伍、物资储备库、企业风险，离线可用。", "Fire stations, rescue teams, supply depots and enterprise risk on one map, offline.";
    AboutData => "底图：Natural Earth（公有领域）。字体：Noto Sans SC（SIL OFL 1.1）。演示数据为示意。", "Basemap: Natural Earth (public domain). Font: Noto Sans SC (SIL OFL 1.1). Demo data is illustrative.";
    // Hints on the map
    HintEdit => "编辑模式：拖动所选要素可移动位置", "Edit mode: drag the selected feature to move it";
    HintMeasure => "单击加点，双击结束，右键撤回一点，Esc 退出", "Click to add points, double-click to finish, right-click to undo a point, Esc to leave";
    HintAdd => "单击地图放置新要素", "Click the map to place the new feature";
    HintMove => "单击地图把所选要素移到该处（Esc 取消）", "Click the map to move the selected feature there (Esc cancels)";
    NoProject => "没有打开的项目", "No project open";
    // Sidebar
    TabLayers => "图层", "Layers";
    TabFilters => "筛选", "Filters";
    SearchHint => "搜索名称、地址、编码（Ctrl+F）", "Search names, addresses, codes (Ctrl+F)";
    NoResults => "没有找到", "Nothing found";
    Results => "个结果，回车定位第一个", "results; Enter shows the first";
    Opacity => "不透明度", "Opacity";
    MoveUp => "上移一层", "Move up";
    MoveDown => "下移一层", "Move down";
    LegendEmpty => "当前视图没有绘制要素", "Nothing drawn in this view";
    FilterDistricts => "区县（不选为全部）", "Districts (none selected = all)";
    AllDistricts => "全部区县", "All districts";
    Any => "不限", "Any";
    ClearFilters => "清除筛选", "Clear filters";
    NoFilter => "未筛选：显示全部要素", "No filter: everything is shown";
    FilterOn => "筛选中", "Filtered";
    // Details and editor
    NothingSelected => "在地图上单击要素或搜索以查看详情", "Click a feature or search to see its details";
    ClickForDetails => "单击查看详情", "Click for details";
    ClickToZoom => "单击放大查看", "Click to zoom in";
    Edit => "编辑属性", "Edit attributes";
    Move => "移动", "Move";
    Delete => "删除", "Delete";
    Locate => "定位", "Locate";
    ConfirmDelete => "确定删除？（可撤销）", "Delete? (can be undone)";
    Save => "保存", "Save";
    Cancel => "取消", "Cancel";
    Name => "名称", "Name";
    Code => "编码", "Code";
    StationClassField => "类别", "Class";
    TeamKindField => "队伍类别", "Kind";
    DepotLevelField => "级别", "Level";
    RiskField => "风险等级", "Risk level";
    Level => "级别", "Level";
    Status => "状态", "Status";
    District => "所属区县", "District";
    Township => "乡镇街道", "Township";
    Address => "地址", "Address";
    Phone => "电话", "Phone";
    Contact => "联系人", "Contact";
    Personnel => "执勤人员", "Personnel";
    People => "人", "people";
    Headcount => "队伍人数", "Headcount";
    TurnoutSeconds => "出动时间", "Turnout time";
    Capabilities => "救援能力", "Capabilities";
    Equipment => "主要装备", "Equipment";
    Supervisor => "主管部门", "Supervisor";
    Operator => "管理单位", "Operator";
    CreditCode => "统一社会信用代码", "Credit code";
    Industry => "行业", "Industry";
    InPark => "位于化工/工业园区", "In an industrial park";
    Location => "位置（WGS84）", "Position (WGS84)";
    Note => "备注", "Note";
    Yes => "是", "yes";
    No => "否", "no";
    None => "（无）", "(none)";
    Vehicles => "车辆", "Vehicles";
    Stock => "储备物资", "Stock";
    Category => "类别", "Category";
    Item => "物资", "Item";
    Unit => "单位", "Unit";
    Quantity => "数量", "Quantity";
    MinLevel => "最低储备", "Minimum";
    BelowMinimum => "项低于最低储备", "below minimum";
    AddRow => "添加一行", "Add a row";
    Remove => "删除此行", "Remove";
    History => "修改记录", "History";
    NoHistory => "没有修改记录", "No changes recorded";
    ActionInsert => "新增", "added";
    ActionUpdate => "修改", "changed";
    ActionDelete => "删除", "deleted";
    ActionImport => "导入", "imported";
    // Status bar and messages
    Zoom => "级别", "Zoom";
    CountStations => "消防站", "Stations";
    CountTeams => "队伍", "Teams";
    CountDepots => "储备库", "Depots";
    CountEnterprises => "企业", "Enterprises";
    TilesLoading => "瓦片加载中…", "Loading tiles…";
    TilesUnavailable => "在线底图不可用，显示离线底图", "Online tiles unavailable; offline basemap shown";
    TilesUnavailableHint => "没有网络、密钥无效或服务器不可达；地图的其余部分照常可用。", "No network, a wrong key or an unreachable server; the rest of the map works as usual.";
    TilesFailed => "瓦片底图未启用", "Tile basemap not available";
    TiandituNeedsKey => "天地图需要密钥：设置 → 天地图密钥", "Tianditu needs a key: Settings → Tianditu key";
    TileFileNotChosen => "未选择瓦片文件：设置 → PMTiles / MBTiles", "No tile file chosen: Settings → PMTiles / MBTiles";
    FileMissing => "文件不存在", "the file does not exist";
    NotMbtiles => "不是可读的 MBTiles 文件", "not a readable MBTiles file";
    FrameTime => "上一帧绘制耗时", "Time to draw the last frame";
    Opened => "已打开", "Opened";
    Created => "已新建", "Created";
    CannotOpen => "无法打开项目", "Cannot open the project";
    Saved => "已保存（可撤销）", "Saved (can be undone)";
    NotSaved => "未保存", "Not saved";
    Undone => "已撤销", "Undone";
    Redone => "已重做", "Redone";
    Imported => "已导入", "Imported";
    NotImported => "未导入，项目未改变", "Not imported; the project is unchanged";
    Exported => "已导出", "Exported";
    // Settings
    TiandituKey => "天地图密钥", "Tianditu key";
    Choose => "选择…", "Choose…";
    Language => "语言", "Language";
    TilesNone => "仅离线底图", "Offline basemap only";
    TilesOsm => "OpenStreetMap（在线）", "OpenStreetMap (online)";
    TilesTianditu => "天地图 矢量（在线，需密钥）", "Tianditu map (online, key)";
    TilesTiandituImagery => "天地图 影像（在线，需密钥）", "Tianditu imagery (online, key)";
    TilesAmap => "高德地图（在线，GCJ-02）", "AMap (online, GCJ-02)";
    TilesPmtiles => "本地 PMTiles 文件", "Local PMTiles file";
    TilesMbtiles => "本地 MBTiles 文件", "Local MBTiles file";
    MeasureDistance => "距离 {d}", "Distance {d}";
    MeasureArea => "面积 {a}（周长 {p}）", "Area {a} (perimeter {p})";
    DepotLevelLine => "{}级", "{} level";
    NewStation => "新建消防站", "New station";
    NewTeam => "新建救援队伍", "New team";
    NewDepot => "新建物资储备库", "New depot";
    NewEnterprise => "新建企业", "New enterprise";
    NoSystemDialog => "系统文件对话框不可用，请输入文件路径：", "No system file dialog is available; type the file path:";
    Ok => "确定", "OK";
    Display => "显示", "Display";
    OnlineNote => "在线底图只在联网时可用；离线底图始终可用。", "Online tiles need a network; the offline basemap always works.";
    ProtectionRadii => "消防站保护半径（存于项目）", "Station protection radius (stored in the project)";
    ProtectionRadiiNote => "默认值按《城市消防站建设标准》(建标152-2017) 第十四条辖区面积折算：r = √(面积/π)。", "Defaults from the district areas of 建标152-2017 §14: r = √(area/π).";
    SaveToProject => "保存到项目", "Save to project";
    RestoreStandard => "恢复标准值", "Restore standard values";
    // Records and risk layers (issues 8, 9)
    LayerRiskHeat => "风险热力图", "Risk heat map";
    LayerRiskZones => "风险分区（四色图）", "Risk zones (four colours)";
    LayerWarnings => "生效预警", "Warnings in force";
    LayerPrepositions => "预置力量", "Pre-positioned units";
    LayerHazards => "重点隐患", "Key hazards";
    WarningSuffix => "色预警", " warning";
    PrepositionLegend => "预置位置（虚线连回驻地）", "Temporary position (dashed line to base)";
    HazardOpen => "未销号隐患（颜色为挂牌等级）", "Open hazard (colour: supervision grade)";
    HazardOverdue => "逾期未整改", "Overdue";
    OverdueDays => "逾期{}天", "{} days overdue";
    Drill => "演练", "DRILL";
    PrepositionTag => "{}（预置）", "{} (pre-positioned)";
    DrillModeBanner => "演练模式：图上内容均为演练，非真实警情", "Drill mode: everything on this map is an exercise, not a real incident";
    OverdueCount => "逾期未整改", "Overdue";
    AsOf => "截至", "as of";
    OverdueOnly => "只看逾期", "Overdue only";
    NoHazards => "台账中没有隐患问题", "The ledger has no items";
    Deadline => "整改时限", "Deadline";
    EscalationDue => "应升级督办", "escalation due";
    ClickToShow => "单击在地图上显示", "Click to show on the map";
    RiskByDistrict => "各区县企业风险等级（家）", "Enterprises by risk level per district";
    DistrictShort => "区县", "District";
    Unassigned => "未落区县", "Unassigned";
    Total => "合计", "Total";
    NoneNow => "当前无", "None now";
    TabHazards => "隐患", "Hazards";
    TabRisk => "风险", "Risk";
    ZoneHazard => "主要危险因素", "Main hazards";
    ZoneMeasures => "管控措施", "Control measures";
    ZoneResponsible => "责任人", "Responsible";
    DrillModeMenu => "演练模式", "Drill mode";
    DrillModeHint => "开启后地图显示“演练”水印，导出和日志均标注【演练】", "While on, the map carries a DRILL watermark and every export and log entry is marked 【演练】";
    DrillModeOn => "已进入演练模式", "Drill mode on";
    DrillModeOff => "已退出演练模式", "Drill mode off";
    // Dispatch (issue 4)
    LayerDispatch => "出动", "Dispatch";
    Incident => "事故点", "Incident";
    DispatchRouted => "出动路线（路网）", "Unit to incident (roads)";
    DispatchEstimated => "出动连线（估算）", "Unit to incident (estimate)";
    Unreachable => "不可达", "unreachable";
    Minutes => "分钟", "min";
    DispatchTitle => "出动", "Dispatch";
    IncidentType => "事故类型", "Incident type";
    IncidentHere => "在此新建事故", "New incident here";
    IncidentHint => "右键点击地图新建事故，或输入经纬度。", "Right-click the map for a new incident, or type its coordinates.";
    Longitude => "经度", "Longitude";
    Latitude => "纬度", "Latitude";
    PlaceIncident => "放置事故", "Place incident";
    TravelBasis => "行程时间", "Travel times";
    EstimateNote => "到达时间为估算：直线距离 × 绕行系数、平均车速；加载路网后按道路计算。", "Arrival times are estimates: straight line × circuity at an average speed; load roads for routed times.";
    ColRank => "序", "#";
    ColUnit => "单位", "Unit";
    ColEta => "到达", "ETA";
    ColKm => "公里", "km";
    ColBrings => "车辆/物资", "Vehicles / materials";
    Cover => "需求满足", "Cover";
    ColNeed => "需要", "Need";
    ColSent => "已派", "Sent";
    ColShort => "缺口", "Short";
    AllCovered => "需求已全部满足。", "Everything required is covered.";
    ShortfallWarn => "存在缺口（红色）", "Shortfalls (in red)";
    ExportSheetXlsx => "导出出动单 Excel…", "Export sheet (Excel)…";
    ExportSheetCsv => "导出出动单 CSV…", "Export sheet (CSV)…";
    ExportDispatchPng => "导出出动图 PNG…", "Export dispatch map (PNG)…";
    ExportDispatchPdf => "导出出动图 PDF…", "Export dispatch map (PDF)…";
    LogIncident => "记录到项目", "Log in project";
    Logged => "已记录事故", "Incident logged as";
    ClearIncident => "清除事故", "Clear incident";
    DispatchMapTitle => "出动图", "Dispatch map";
    AddressField => "地址", "Address";
    ColItem => "项目", "Item";
    AddressHint => "企业、单位或区划名称", "Enterprise, unit or area name";
    PlaceByName => "按名称、地址或编码定位事故", "Place the incident at a named feature or area";
    AddressNotFound => "未找到地点", "No place found for";
    FindPlace => "查找地点", "Find place";
    Relocated => "预置", "pre-positioned";
    IncidentTypes => "事故类型模板", "Incident types";
    IncidentTypesNote => "每种事故类型首批出动的消防站数、专业力量、车辆和物资；按名称与队伍能力、车型、库存品名精确匹配。", "What a first dispatch of each type needs: stations, team capabilities, vehicles, materials; matched by exact name.";
    EditIncidentTypes => "编辑事故类型…", "Edit incident types…";
    NewIncidentType => "新类型", "New type ";
    TemplateKey => "英文键", "Key";
    TemplateStations => "首批消防站数", "Stations sent first";
    TemplateTeamsPer => "每项能力队伍数", "Teams per capability";
    TemplateMaterials => "物资", "Materials";
    ZoomToDispatch => "缩放至出动范围", "Zoom to the dispatch";
    // Roads: the travel layer and the road-analysis window
    LayerTravel => "路网分析结果", "Road analysis";
    RoadsTitle => "路网分析（等时圈）", "Road analysis (drive times)";
    RoadsMinutes => "时限（分钟）", "Cut-offs (minutes)";
    RoadsAt => "时段（时:分）", "Time of day (HH:MM)";
    RoadsFreeFlow => "空为畅通", "empty = free flow";
    RoadsPickPoint => "在地图上点选起点", "Pick a start on the map";
    RoadsAllStations => "全部消防站等时圈", "All fire stations";
    RoadsServiceAreas => "消防站责任路段", "Station service areas";
    RoadsClear => "清除", "Clear";
    RoadsBadMinutes => "时限须为 0 到 600 之间的分钟数，以逗号分隔", "Cut-offs must be minutes above 0 and at most 600, comma-separated";
    RoadsNone => "项目中没有路网：请先用 onemap roads import 导入", "The project has no roads: import them first with onemap roads import";
    RoadsOffRoad => "起点附近没有可通行的道路", "No drivable road near the start";
    RoadsAreas => "个责任区", "service areas";
    RoadsUnreached => "道路无站可达", "of road no station reaches";
    RoadsNote => "行驶时间按项目路网与车速设置计算；等时圈内各处的路网时间不超过时限。", "Times are routed on the project's roads at its speed profile; every place inside a band is reached within its cut-off.";
    RoadsHintPick => "点击地图选择等时圈起点", "Click the map to start the isochrones";
    RoadsImport => "导入路网…", "Import roads…";
    LegendMinutes => "{m} 分钟", "{m} min";
    LegendRoute => "路线", "Route";
    // Siting: the planned stations against an optimal set
    SitingTitle => "新建站选址比较", "Siting: planned vs optimal stations";
    SitingMinutes => "行驶时限（分钟）", "Drive-time standard (minutes)";
    SitingGrid => "网格候选点间距（公里，0 为不用）", "Grid of candidate sites (km, 0 = none)";
    SitingWeights => "权重 红/橙/黄/蓝", "Weights red/orange/yellow/blue";
    SitingCompare => "比较所选方案", "Compare the ticked";
    SitingExisting => "仅现有站", "Existing only";
    SitingPlanned => "规划方案", "Planned";
    SitingOptimal => "最优方案", "Optimal";
    SitingCovered => "覆盖（按权重）", "Covered (by weight)";
    SitingNewly => "新覆盖需求点", "Newly covered demand points";
    SitingRedOrange => "其中红/橙企业", "of them red/orange";
    SitingMean => "平均行驶（分钟）", "Mean drive (min)";
    SitingWorst => "最长行驶（分钟）", "Longest drive (min)";
    SitingProven => "已证明最优", "Proven optimal";
    SitingGap => "最优性差距", "Optimality gap";
    SitingEstimate => "估算：导入路网后按道路计算", "estimate: import roads for routed times";
    LayerCoverage => "保护覆盖", "Coverage";
    CoverageCovered => "规定时间内可达", "Reached in time";
    CoverageOverlap => "多站重叠", "Reached by two or more";
    CoverageUncovered => "未覆盖", "Not reached";
    CoverageJurisdiction => "辖区边界", "Jurisdiction boundary";
    CoverageTitle => "消防站保护覆盖分析", "Fire-station coverage";
    CoverageModeRadius => "保护半径", "Radius";
    CoverageModeTime => "行驶时间（路网）", "Drive time (roads)";
    CoverageMinutes => "到场时间（分钟，含出动）", "Response time (min, turnout included)";
    CoverageWithPlanned => "计入规划、在建消防站", "Count planned and under-construction stations";
    CoverageRun => "计算", "Compute";
    CoverageDone => "覆盖分析完成", "Coverage computed";
    CoverageStale => "项目数据已修改，请重新计算", "The project changed since; compute again";
    CoverageExistingOnly => "仅现有消防站", "Existing stations only";
    CoverageResult => "分析结果", "Result";
    CoverageCoveredArea => "覆盖面积", "Covered area";
    CoverageRedOrangeOutside => "未覆盖的红、橙企业", "Red/orange enterprises outside";
    CoverageTownshipsOutside => "城市站未覆盖的乡镇", "Townships outside urban stations";
    CoverageStations => "各消防站辖区", "Station jurisdictions";
    CoverageDistricts => "各区县覆盖率", "Coverage by district";
    CoverageOverLimit => "超标", "Over limit";
    CoverageNeedsTeam => "需建乡镇专职消防队", "Needs a township team";
    CoverageExportGeoJson => "导出GeoJSON", "Export GeoJSON";
    CoverageExportCsv => "导出CSV表", "Export CSV tables";
    CoverageExportPng => "报告PNG", "Report PNG";
    CoverageExportPdf => "报告PDF", "Report PDF";
    CoverageTab => "覆盖分析", "Coverage";
    CoverageFigStations => "消防站数", "Stations";
    CoverageFigEnterprises => "企业覆盖（已覆盖/总数）", "Enterprises (covered/total)";
    CoverageFigExisting => "现有", "Existing";
    CoverageFigWithPlanned => "含规划", "With planned";
    CoverageMinutesUnit => "分钟", "min";
    CoverageNoProject => "未打开项目", "No project is open";
    CoverageRunFirst => "请先进行覆盖分析", "Run the coverage analysis first";
    // Long jobs (ui/jobs.rs)
    JobCancelling => "正在取消…", "Cancelling…";
    JobBusy => "另一项任务正在进行，请稍候", "Another job is running; please wait";
    JobImporting => "导入", "Importing";
    JobIsochrones => "等时圈计算", "Isochrones";
    JobServiceAreas => "服务范围计算", "Service areas";
    RoadsLoading => "读取路网", "Loading the roads";
    // Enterprise risk window, unfiled list, floor-plan georeferencing
    RiskWindowTitle => "企业风险四色图", "Enterprise risk map";
    RiskOpenWindow => "风险四色图…", "Risk map…";
    RiskOverall => "总体风险等级", "Overall level";
    RiskBasisWorst => "按最高风险区域", "from the worst zone";
    RiskBasisExplicit => "人工设定", "set by hand";
    RiskBasisRegistered => "登记等级（尚无风险区域）", "as registered (no zones yet)";
    RiskWorstZone => "区域最高等级", "Worst zone";
    RiskOverride => "人工设定等级", "Set the level by hand";
    RiskReason => "理由", "Reason";
    RiskOverrideSet => "设定", "Set";
    RiskOverrideClear => "取消人工设定", "Clear the override";
    RiskZones => "风险区域", "Risk zones";
    RiskZoneName => "名称", "Name";
    RiskLevelCol => "等级", "Level";
    RiskHazard => "主要危险因素", "Hazards";
    RiskMeasures => "管控措施", "Control measures";
    RiskResponsible => "责任人", "Responsible";
    RiskNoZones => "尚无风险区域", "No zones yet";
    RiskFiling => "报备", "Filing";
    RiskFileNow => "立即报备", "File now";
    RiskFilingDate => "报备日期", "Filing date";
    RiskFiler => "报备人", "Filer";
    RiskNote => "备注", "Note";
    RiskHistory => "报备历史", "Filing history";
    RiskNeverFiled => "从未报备", "Never filed";
    RiskCompare => "比较", "Compare";
    RiskNoChange => "无变化", "No change";
    RiskAdded => "新增", "Added";
    RiskRemoved => "删除", "Removed";
    RiskChanged => "变更", "Changed";
    RiskSinceLast => "当前与最近一次报备相比", "Now against the last filing";
    RiskPosterPng => "公示海报 PNG", "Poster PNG";
    RiskPosterPdf => "公示海报 PDF", "Poster PDF";
    RiskImportZones => "导入风险区域…", "Import zones…";
    RiskGeoref => "平面图配准…", "Georeference a plan…";
    RiskUnfiled => "未报备或超过一年未报备", "Not filed, or filed over a year ago";
    RiskAllFiled => "全部企业均已在一年内报备", "Every enterprise filed within a year";
    RiskDaysAgo => "{d}（{n} 天前）", "{d} ({n} days ago)";
    RiskExportXlsx => "风险统计表 Excel", "Risk table (Excel)";
    RiskExportCsv => "风险统计表 CSV", "Risk table (CSV)";
    RiskOpen => "打开", "Open";
    RiskOpenSelected => "所选企业风险四色图…", "Selected enterprise's risk map…";
    RiskFiled => "已报备", "Filed";
    RiskLevelSet => "等级已设定", "Level set";
    RiskBadDate => "日期格式应为 YYYY-MM-DD", "Write the date as YYYY-MM-DD";
    GeorefTitle => "平面图配准", "Georeference a floor plan";
    GeorefAttach => "附加平面图…", "Attach a plan…";
    GeorefNoPlan => "尚无平面图：先附加 PNG/JPG 图片", "No plan yet: attach a PNG or JPG image";
    GeorefHintImage => "在图上点击一个位置，再在地图上点击其对应位置（至少 2 对）", "Click a spot on the plan, then the same spot on the map (2 pairs or more)";
    GeorefHintMap => "在地图上点击平面图上所选点的位置", "Click on the map where the chosen plan point is";
    GeorefSimilarity => "相似变换（至少 2 点）", "Similarity (2 points or more)";
    GeorefAffine => "仿射变换（至少 3 点）", "Affine (3 points or more)";
    GeorefPoint => "控制点", "Point";
    GeorefPixel => "图上像素", "Plan pixel";
    GeorefGround => "地图位置", "Map position";
    GeorefResidual => "残差（米）", "Residual (m)";
    GeorefRms => "中误差 RMS", "RMS";
    GeorefSave => "保存配准", "Save georeference";
    GeorefClear => "清除控制点", "Clear points";
    GeorefSaved => "配准已保存", "Georeference saved";
    GeorefPlan => "平面图", "Plan";
    // Hazard card, drills, pre-positionings and warnings (issue 9)
    AddHazard => "新增隐患", "New item";
    NewHazard => "新增隐患问题", "New ledger item";
    HazardCard => "隐患问题", "Ledger item";
    ImportLedger => "导入台账", "Import ledger";
    ExportLedger => "导出台账", "Export ledger";
    LedgerStatedLine => "表中合计行", "the sheet's closing line";
    HazardTitle => "重点隐患", "Hazard";
    HazardContent => "隐患内容", "Details";
    FoundOn => "检查日期", "Check date";
    Measures => "整改措施", "Measures";
    Responsible => "责任单位", "Responsible unit";
    CountySupervisor => "督办（县市区）", "Supervised by (county)";
    CitySupervisor => "督办（市级专委会）", "Supervised by (city committee)";
    Remark => "备注", "Remark";
    SupervisionGrade => "挂牌督办", "Supervision grade";
    AtEnterprise => "所在企业", "Enterprise";
    PickOnMap => "在地图上点选", "Pick on the map";
    Attachments => "照片及附件（每行一个）", "Photos and files (one per line)";
    SaveChanges => "保存修改", "Save changes";
    LedgerColumns => "台账信息", "Ledger columns";
    AddToLedger => "加入台账", "Add to the ledger";
    ReportedBy => "上报人", "Reported by";
    RectifiedOn => "整改完成日期", "Rectified on";
    StepDate => "日期", "Date";
    StepStart => "开始整改", "Start rectification";
    StepProgress => "添加周进展", "Add weekly progress";
    WeeklyProgress => "周进展", "Weekly progress";
    StepRectified => "整改完成", "Rectified";
    StepReinspect => "复查", "Re-inspection";
    RecordReinspection => "记录复查", "Record re-inspection";
    Inspectors => "复查人员", "Inspectors";
    InspectionResult => "复查结果", "Result";
    InspectionPassed => "复查通过", "Passed";
    InspectionFailed => "复查未通过", "Failed";
    StepClose => "销号", "Close out";
    StepEscalate => "升级督办", "Escalate";
    NewGrade => "挂牌等级", "New grade";
    EscalationNote => "说明", "Note";
    RecordSaved => "已保存", "Saved";
    Deleted => "已删除", "Deleted";
    Ended => "已结束", "Ended";
    NotStartedYet => "尚未开始，无法提前结束", "It has not started yet";
    HintPickHazard => "单击地图确定隐患位置", "Click the map to place the item";
    HintPickScenario => "单击地图放置演练情景点", "Click the map to place the drill scenario";
    HintPickPreposition => "单击地图确定预置位置", "Click the map to place the pre-positioning";
    DrillsTitle => "应急演练", "Drills";
    DrillRecords => "计划与记录", "Plan and records";
    DrillPlanTab => "规划演练", "Plan a drill";
    DrillCompliance => "达标情况", "Compliance";
    Year => "年度", "Year";
    NoDrills => "本年度没有演练", "No drills this year";
    EditDrill => "编辑", "Edit";
    DrillScenario => "演练情景点", "Scenario point";
    PlaceScenario => "在地图上放置", "Place on the map";
    SuggestedParticipants => "建议参演力量（按到场时间）", "Suggested participants (by arrival time)";
    Participants => "参演单位", "Participants";
    DrillName => "演练名称", "Name";
    DrillScopeLabel => "演练内容", "Scope";
    DrillFormLabel => "演练形式", "Form";
    DrillDate => "日期", "Date";
    Organizer => "组织单位", "Organizer";
    County => "县市区", "County";
    ScenarioText => "演练情景", "Scenario";
    OtherParticipants => "其他参演单位", "Other participants";
    Evaluation => "评估总结", "Evaluation";
    SaveDrill => "保存演练", "Save drill";
    NewDrill => "新建", "New";
    AllCompliant => "全部达标", "All compliant";
    DrillRules => "达标规则", "Rules";
    SaveRules => "保存规则", "Save rules";
    DefaultRules => "恢复默认规则", "Default rules";
    RuleName => "规则名称", "Rule";
    RuleSubject => "对象", "Applies to";
    RuleDistricts => "各县市区", "Every county/district";
    RuleEnterprises => "企业", "Enterprises";
    RuleParkEnterprises => "园区内企业", "Enterprises in parks";
    RulePeriod => "周期", "Period";
    RuleMin => "至少次数", "At least";
    HeadLed => "须主要负责人组织", "Led by the principal";
    PrepositionsTitle => "力量预置", "Pre-positioning";
    ChooseUnit => "请选择队伍或消防站", "Choose a team or station";
    ValidFrom => "开始时间", "From";
    ValidUntil => "结束时间", "Until";
    Reason => "原因", "Reason";
    RecordTitle => "名称", "Title";
    AddPreposition => "添加预置", "Add pre-positioning";
    InForce => "生效中", "In force";
    EndNow => "结束", "End now";
    WarningsTitle => "预警信息", "Warnings";
    WarningGrade => "预警等级", "Grade";
    WarningKind => "预警类别", "Kind";
    WarningArea => "范围（行政区或企业）", "Area or enterprise";
    ChooseTarget => "请选择预警范围", "Choose the area or enterprise";
    WarningSource => "发布单位", "Issued by";
    AddWarning => "发布预警", "Add warning";
    Lift => "解除", "Lift";
    OperatorName => "操作人员（记录署名）", "Operator (signs records)";
    OrganizingEnterprise => "组织企业", "Organizing enterprise";
    HeadLedDrill => "主要负责人组织", "Led by the principal";
    ExportDrills => "导出演练计划及记录", "Export plan and records";
    ExportCompliance => "导出达标情况", "Export compliance";
    Capability => "队伍能力", "Capability";
    Suggest => "重新推荐", "Suggest again";
    StartDrillMode => "开启演练模式", "Start drill mode";
    JobSheet => "台账/表格读写", "Reading or writing the sheet";
    JobRiskFile => "风险图文件导入/导出", "Risk map file in or out";
    // Siting window: scenarios, candidates, optimisation, comparison
    LayerSiting => "选址候选点与方案", "Siting sites";
    SitingPreparing => "计算行驶时间", "Computing drive times";
    SitingScenarios => "方案", "Scenarios";
    SitingBuiltin => "规划站", "planned stations";
    SitingSitesUnit => "个站点", "sites";
    SitingCompareThis => "勾选后参与比较", "Tick to compare";
    SitingRename => "重命名", "Rename";
    SitingDuplicate => "复制", "Duplicate";
    SitingCopySuffix => "副本", "copy";
    SitingDelete => "删除", "Delete";
    SitingDeleted => "已删除方案", "Deleted scenario";
    SitingSaved => "已保存方案", "Saved scenario";
    SitingResult => "选址结果", "Siting result";
    SitingUseOptions => "载入其设置", "Use its settings";
    SitingUseOptionsHint => "把该方案保存时的模型、时限、需求和权重填入优化设置", "Fill the optimisation form with the model, standard, demand and weights saved with this scenario";
    SitingCandidates => "候选点", "Candidate sites";
    SitingPick => "在地图上点选", "Pick on the map";
    SitingPickedName => "点选", "Picked ";
    SitingHintPick => "点击地图添加候选点，Esc 结束", "Click the map to add candidate sites; Esc to stop";
    SitingImportFile => "从文件导入…", "Import from a file…";
    SitingChooseDistrict => "选择区县", "Choose a district";
    SitingGridAdd => "生成网格候选点", "Add a grid";
    SitingPool => "规划站和已存方案的站点也作候选点", "Also offer the planned and saved scenarios' sites";
    SitingNoCandidates => "尚无自选候选点", "No candidate sites of your own yet";
    SitingRemove => "移除", "Remove";
    SitingClear => "清空", "Clear";
    SitingOptions => "优化设置", "Optimisation";
    SitingModel => "模型", "Model";
    SitingP => "新建站数", "New sites (p)";
    SitingDemand => "需求", "Demand";
    SitingDemandEnterprises => "企业（按风险等级加权）", "Enterprises (by risk level)";
    SitingDemandTownships => "乡镇（按人口加权）", "Townships (by population)";
    SitingMethod => "求解方法", "Method";
    SitingExact => "精确", "Exact";
    SitingHeuristic => "启发式", "Heuristic";
    SitingOptimise => "求解最优站址", "Optimise";
    SitingTimeLimit => "已到时间上限", "time limit reached";
    JobCancelled => "已取消", "cancelled";
    SitingSaveAs => "保存为方案", "Save as scenario";
    SitingNewTownships => "新覆盖乡镇", "Newly covered townships";
    SitingExportCsv => "导出比较表CSV", "Export the comparison (CSV)";
    SitingNothingToExport => "尚无比较结果可导出", "Nothing compared yet to export";
    SitingDemandLayer => "图层要素", "A layer's features";
    SitingDemandLayerPick => "需求图层", "Demand layer";
    SitingChooseLayer => "选择图层…", "Choose a layer…";
    SitingWeightField => "权重字段", "Weight field";
    SitingWeightNone => "无（每个要素权重为1）", "None (every feature weighs 1)";
    SitingImportLayer => "导入图层…", "Import a layer…";
    SitingImportLayerHint => "CSV/Excel（经度、纬度列）、GeoJSON、Shapefile或GeoPackage中的点或面，坐标为WGS84/CGCS2000，作为项目的新图层保存", "Points or areas from CSV/Excel (longitude/latitude columns), GeoJSON, Shapefile or GeoPackage in WGS84/CGCS2000, kept as a new layer of the project";
    SitingLayerAreasHint => "面要素按其质心计", "Areas count at their centroid";
    SitingCoverage => "方案覆盖分析", "Coverage of this scenario";
    SitingCoverageHint => "以此方案的站点替代规划站，运行完整覆盖分析", "Run the full coverage analysis with this scenario's sites instead of the planned stations";
    CoverageAfter => "新建站", "New stations";
    CoverageAfterPlanned => "规划站", "The planned stations";
    CoverageScenarioClass => "新站类别", "Class of the new stations";
    CoverageWithScenario => "含方案", "With scenario";
    SitingSettings => "计算设置", "Evaluated with";
    SitingReading => "正在读取候选点文件", "Reading candidate sites from";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_is_translated_and_renders_in_the_bundled_font() {
        for &k in T::ALL {
            assert!(!k.zh().trim().is_empty(), "{k:?} has no Chinese");
            assert!(!k.en().trim().is_empty(), "{k:?} has no English");
            assert!(crate::render::text::covers(k.zh()), "{k:?}: {:?}", crate::render::text::missing(k.zh()));
        }
    }
}
