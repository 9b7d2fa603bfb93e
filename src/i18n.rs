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
    SitingCompare => "比较", "Compare";
    SitingExisting => "仅现有站", "Existing only";
    SitingPlanned => "规划方案", "Planned";
    SitingOptimal => "最优方案", "Optimal";
    SitingCovered => "覆盖（按权重）", "Covered (by weight)";
    SitingNewly => "新覆盖企业", "Newly covered enterprises";
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
