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
