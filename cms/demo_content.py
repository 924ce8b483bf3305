"""The demo portal's pages: guides, services and notices, written from the procedures.

Amounts, deadlines and windows are never typed into the text: they are policy value
blocks (or fee rows) naming a parameter of the policy library, so the guides follow
every change of parameters. :func:`load` creates what is missing and leaves every
existing page as it is (an editor may have changed it), so a second run changes nothing.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction

from portal.casework.procedures import Procedure

from . import policy_values
from .models import GuideIndexPage, GuidePage, HomePage, NoticeIndexPage, NoticePage, ServiceIndexPage, ServicePage
from .models.notices import NoticeKind

OFFICE_HOURS = "每天 8:30–18:00（紧急报修 24 小时受理）"
SERVICE_DESK = "1栋首层大堂 客户服务中心"
TO_BE_UPDATED = "待更新"


# --- block values (the StreamField's raw form) ------------------------------------------------

def heading(text: str) -> dict:
    return {"type": "heading", "value": text}


def paragraph(*paragraphs: str, items: tuple[str, ...] = ()) -> dict:
    html = "".join(f"<p>{text}</p>" for text in paragraphs)
    if items:
        html += "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
    return {"type": "paragraph", "value": html}


def steps(title: str, *pairs: tuple[str, str]) -> dict:
    return {"type": "steps", "value": {"heading": title, "steps": [{"title": t, "text": x} for t, x in pairs]}}


def checklist(title: str, *items: str) -> dict:
    return {"type": "checklist", "value": {"heading": title, "items": list(items)}}


def fee(item: str, parameter: str = "", amount: str = "", note: str = "") -> dict:
    return {"item": item, "parameter": parameter, "amount": amount, "note": note}


def fee_table(title: str, *rows: dict) -> dict:
    return {"type": "fee_table", "value": {"heading": title, "rows": list(rows)}}


def contact(department: str, phone: str = "", address: str = "", hours: str = "") -> dict:
    return {"type": "contact", "value": {"department": department, "phone": phone, "address": address, "hours": hours}}


def value(lead_in: str, parameter: str, after: str = "") -> dict:
    return {"type": "policy_value", "value": {"lead_in": lead_in, "parameter": parameter, "after": after}}


def service_desk() -> dict:
    return contact("客户服务中心", settings.ESTATE_HOTLINE, SERVICE_DESK, OFFICE_HOURS)


# --- guides --------------------------------------------------------------------------------

def guides() -> list[dict]:
    return [
        {
            "slug": "owner-service-guide",
            "title": "业主服务指南",
            "summary": "服务热线、可以办理的事项、遇到问题找谁，以及我们的服务承诺。",
            "body": [
                paragraph(
                    "欢迎入住！客户服务中心是您办理各类物业事务的窗口。入伙、装修、物品放行、车位、"
                    "报修、投诉和建议，都可以到服务中心前台办理，也可以在本网站在线办理或先了解所需资料。",
                ),
                heading("服务热线与服务时间"),
                service_desk(),
                paragraph("爆管、电器冒烟、突然停水停电等紧急情况，请直接拨打服务热线，我们 24 小时受理。"),
                heading("可以办理的事项"),
                paragraph(
                    items=(
                        "办理入伙：核实身份、交费、签署业主档案、领取钥匙、验房",
                        "装修申请、竣工验收和装修押金退还",
                        "入住登记（含租户入住）和租户退租",
                        "大件物品出门的《物品放行条》",
                        "车位租用和停车场月卡",
                        "报修、投诉、需求与建议",
                    ),
                ),
                heading("遇到问题找谁"),
                steps(
                    "",
                    ("房屋维修", "向客户服务中心报修，由工程部安排维修人员上门；紧急维修优先处理。"),
                    ("装修、入住、放行、车位", "到客户服务中心前台办理，客户助理全程跟进。"),
                    ("投诉与意见", "客户服务中心受理，由客服主管界定并跟进处理，处理结果当天回复您。"),
                    ("治安、门禁、停车秩序", "联系保安部，24 小时值班。"),
                    ("收费、押金、票据", "客户服务中心收银处。"),
                ),
                contact("保安部（24 小时值班）", settings.ESTATE_HOTLINE, "各栋首层大堂岗亭", "24 小时"),
                heading("我们的服务承诺"),
                value("您提出的需求或建议，我们在受理后", "request_reply_days", "内处理并答复（或在事先约定的时间内答复）。"),
                value("现场不能答复的事项，我们在", "request_forward_minutes", "内转交相关部门处理。"),
                value("报修、投诉处理完毕后，客户助理会在", "complaint_follow_up_hours", "内回访，听取您的意见。"),
                paragraph("每年 1 月和 7 月，我们会开展书面满意度调查，调查结果和整改措施会向全体业主公告。"),
            ],
        },
        {
            "slug": "move-in",
            "title": "入伙须知",
            "summary": "办理入伙要带的资料、要交的费用和办理流程。",
            "body": [
                paragraph(
                    "收到《入伙通知书》后，请业主本人到客户服务中心办理入伙手续。"
                    "办理时间约需一小时，其中包括与工程人员一起验房。"
                ),
                checklist(
                    "请携带",
                    "业主本人身份证件（原件）",
                    "《房屋买卖合同》",
                    "《入伙通知书》",
                    "用于物业费托收的银行卡",
                    "家庭成员的姓名和联系方式（填写《业主家庭成员登记表》）",
                ),
                heading("入伙时需缴纳的费用"),
                value("预收物业管理费：", "move_in_prepaid_months", "。"),
                paragraph(
                    "预收期从《入伙通知书》约定的入伙日期起计算，而不是从您来办理的那一天起算。"
                    "月物业管理费 = 物业管理费单价 × 房屋建筑面积。"
                ),
                fee_table(
                    "水电流转金",
                    fee("写字楼：电费流转金", "move_in_office_electricity_float"),
                    fee("商务公寓：水费流转金", "move_in_business_apartment_water_float"),
                    fee("住宅", amount="无需缴纳"),
                ),
                paragraph("登录后，在“入伙办理预约”页面可以看到按您房屋面积计算的应缴金额。"),
                steps(
                    "办理流程",
                    ("核实身份", "出示身份证件、买卖合同和入伙通知书，客户助理为您填写《入伙流程表》。"),
                    ("交纳费用", "在收银处交纳预收物业管理费和流转金（如有）。"),
                    ("复印资料", "复印您的身份证件、银行卡等资料存档。"),
                    (
                        "填写业主档案",
                        "填写《业主家庭成员登记表》《银行托收协议》《文件签收表》《消防责任协议书》。"
                        "请务必留下紧急情况时的手机号码和您的生日。",
                    ),
                    ("领取钥匙", "领取钥匙和《业主服务指南》，在《钥匙签收表》上签字。"),
                    ("验房", "工程人员陪同您验房，结果记录在《房屋验收记录表》上；需要整改的项目会征求您的意见。"),
                ),
                service_desk(),
            ],
        },
        {
            "slug": "renovation",
            "title": "装修申报须知",
            "summary": "装修申请要准备的图纸和资料、费用、禁止事项、巡查、验收和押金退还。",
            "body": [
                paragraph(
                    "房屋装修前，请先向客户服务中心提出装修申请，经审批并领取《施工许可证》后方可开工。"
                    "请您和装修公司一起仔细阅读本须知。"
                ),
                steps(
                    "办理流程",
                    ("提交申请资料", "业主（或受托人）和装修公司准备好下列图纸和资料，到客户服务中心提交。"),
                    (
                        "签署文件",
                        "签署《装修申请表》《装修管理协议》《拆除非承重墙承诺书》《施工防火安全责任书》"
                        "《消防设施承诺书》；自行装修的另签《自装承诺书》。",
                    ),
                    ("政府报批（如涉及）", "涉及消防报建、结构改动、煤气改动的，须先向政府主管部门报批，详见《政府报批办事指南》。"),
                    ("交纳费用", "收银员按公开收费标准计算并收取装修押金等费用，并向您说明每项费用的性质和用途。"),
                    ("审批", "资料齐全后由项目负责人或授权人审批，审批结果会通知您。"),
                    ("确认现场保护", "工程部到现场确认公共区域和房屋的保护措施已完成。"),
                    ("领证开工", "领取《施工许可证》并贴于大门外，为装修工人办理《施工人员出入证》。"),
                ),
                value("申请资料齐全后，我们在", "renovation_approval_working_days", "内审批完毕并通知您。"),
                checklist("装修施工图纸（所有房屋）", "平面图", "天花图", "水电图", "拆建墙图"),
                checklist(
                    "写字楼另需提供",
                    "外立面效果图",
                    "空调改造图（加盖装修公司鲜章）",
                    "《建设工程消防设计审核申请受理凭证》",
                ),
                checklist(
                    "装修公司资料（复印件各一份，加盖鲜章）",
                    "装修公司负责人身份证",
                    "装修公司委托书",
                    "营业执照",
                    "施工资质证",
                    "税务登记证明",
                ),
                paragraph(
                    "以上证书须在有效期内。商业性质或重点装修场所，还须提供设计资质证书。"
                    "自行装修（不请装修公司）的，无需提供装修公司资料。"
                ),
                checklist(
                    "委托他人办理时",
                    "业主不能亲自办理的：业主委托书",
                    "业主委托租户办理的：租赁合同复印件和业主委托书",
                    "租户是公司的：另交公司营业执照、法人证明、法人委托证明",
                ),
                fee_table(
                    "装修费用（公开收费标准）",
                    fee("装修押金（住宅）", "renovation_deposit_residential", note="竣工验收后按规定退还"),
                    fee("装修押金（商务公寓）", "renovation_deposit_business_apartment", note="竣工验收后按规定退还"),
                    fee("装修押金（写字楼）", "renovation_deposit_office", note="竣工验收后按规定退还"),
                    fee("装修垃圾清运费（住宅）", "renovation_debris_removal_residential"),
                    fee("装修垃圾清运费（商务公寓）", "renovation_debris_removal_business_apartment"),
                    fee("装修垃圾清运费（写字楼）", "renovation_debris_removal_office"),
                    fee("施工人员出入证", "renovation_worker_pass_unit_price"),
                    fee("空调改动费", "renovation_ac_modification_fee_office", note="写字楼"),
                    fee("消防放水费", "renovation_fire_water_drain_fee_office", note="写字楼"),
                    fee("消防联动费", "renovation_fire_linkage_fee_office", note="写字楼"),
                    fee("消防放水费", "renovation_fire_water_drain_fee_business_apartment", note="商务公寓，仅改动消防系统时收取"),
                ),
                heading("装修禁止事项"),
                paragraph(
                    items=(
                        "禁止改变房屋外观，包括外立面、外墙门窗和空调机位。",
                        "禁止安装防护栏（防盗网）。",
                        "违章材料、乙炔气罐、电焊工具等未经书面同意，不得进入小区。",
                        "需要动火作业的，必须事先办理《动火审批》。",
                    )
                ),
                heading("施工注意事项"),
                paragraph(
                    items=(
                        "现场防火：施工现场配备灭火器，严禁吸烟和违规用电。",
                        "保护公共区域：电梯、走廊、大堂做好防护，不在公共区域堆放材料和垃圾。",
                        "搬运时间：材料和垃圾请在客户服务中心公布的时间内搬运。",
                        "施工秩序：遵守施工时间，文明、安全施工，不影响邻居。",
                        "《施工许可证》贴于大门外，上面注明装修公司负责人的电话，以便紧急情况下联系。",
                    )
                ),
                heading("装修巡查"),
                paragraph(
                    "客户助理、工程部和保安部每天到现场巡查并记录。轻微违章，我们会当场请工人或负责人整改；"
                    "严重违章，我们会发出《装修整改通知书》，先电话告知业主，再通知装修公司负责人。"
                    "按装修管理协议收取的违约金记入《违章整改表》，退还押金时予以扣除。"
                ),
                heading("竣工验收"),
                paragraph(
                    "装修完毕后，请填写《竣工验收表》申请验收，并与我们约定验收时间。工程部和保安部共同验收，"
                    "发现的问题会记录在表上，并向您说明原因和整改方法。写字楼须先取得消防验收回执，方可申请验收。"
                ),
                heading("装修押金退还"),
                value("住宅、商务公寓：自竣工验收之日起", "renovation_refund_months", "后，可以申请退还装修押金。"),
                value("写字楼：自竣工验收之日起", "renovation_office_refund_days", "后，可以申请退还装修押金。"),
                paragraph(
                    "退还前我们会确认有无损害公共利益或邻居利益、有无违反禁止事项、有无漏水等问题。"
                    "退还金额为押金扣除违章违约金和应付的水电费等费用后的余额，由业主、装修公司和项目中心负责人三方签字确认。"
                    "由装修公司申请退还的，须经业主同意。"
                ),
                service_desk(),
            ],
        },
        {
            "slug": "release-pass",
            "title": "物品放行须知",
            "summary": "大件物品出门要办《物品放行条》：谁来办、要谁同意、搬家前要结清哪些费用。",
            "body": [
                paragraph(
                    "家具、办公桌、电脑、电器、纸箱、大件包裹和袋子等大件物品出门，须凭《物品放行条》。"
                    "这是为了保护每一位业主的财产安全，感谢您的理解和配合。"
                ),
                steps(
                    "办理流程",
                    ("到客户服务中心申报", "说明携带人的身份、物品名称和数量，以及出门原因（搬家迁出或临时携带）。"),
                    ("结清费用（搬家迁出时）", "搬家迁出的，须先结清截至当日的水、电、气费和物业管理费，否则不能放行。"),
                    ("电话核实", "客户助理按下表电话征得同意，并在放行条上记录去电时间和核实意见。"),
                    ("开具放行条", "经办人、携带人和业主三方签字；业主不在场的，须有电话录音记录。"),
                    ("出门", "出门时把《物品放行条》客户联交给门岗保安。"),
                ),
                checklist(
                    "需要谁的同意",
                    "租户搬出：业主同意",
                    "亲属、保姆、家政或劳务人员携带物品：业主同意",
                    "公司职员携带公司物品：该公司负责人同意",
                    "装修工人携带工具或材料：装修负责人同意",
                ),
                paragraph("联系不上业主或负责人的，暂不放行，请提前告知相关人员保持电话畅通。"),
                value("同一房屋在", "release_flag_window_days", "内多次临时携带物品出门的，我们会特别留意核实。"),
                service_desk(),
            ],
        },
        {
            "slug": "parking",
            "title": "车位办理指南",
            "summary": "租用车位的条件、资料和流程：仅限本小区业主和租户，每户限租一个车位。",
            "body": [
                paragraph("停车场车位仅向本小区的业主和租户出租，非本小区业主不予办理。"),
                value("每户可租用车位：", "parking_spaces_per_household", "。"),
                checklist("请携带", "身份证", "机动车行驶证（证上车主须为申请人本人）"),
                steps(
                    "办理流程",
                    ("填写协议", "在前台填写《车位使用协议》，复印身份证和行驶证。"),
                    ("财务审核", "财务按每户车位数和是否还有空余车位进行审核；车位已满时暂不能办理。"),
                    ("交费", "审核通过后足额交纳车位租赁费。"),
                    ("授权业主卡", "凭交费收据，由财务为您的业主卡（IC 卡）开通车位权限。"),
                    ("协议存档", "《车位使用协议》盖章后一份交您保存，一份与证件复印件一起存档。"),
                ),
                paragraph("办理时我们会向您说明收费标准和车位使用注意事项。"),
                service_desk(),
            ],
        },
        {
            "slug": "complaints-and-repairs",
            "title": "投诉与报修服务承诺",
            "summary": "投诉怎样分级、多久答复和解决；报修怎样分紧急和一般维修。",
            "body": [
                heading("投诉受理"),
                paragraph(
                    "您的每一条投诉，我们都会认真倾听、记录，并一跟到底，直到问题解决并回复您为止。"
                    "投诉性质由客服主管界定；不属于有效投诉的，我们也会耐心向您解释清楚。"
                ),
                value("接待您的工作人员不能处理的，会在", "complaint_forward_minutes", "内转交相关部门。"),
                heading("投诉分级"),
                paragraph(
                    "<b>重大投诉</b>：承诺或合同约定的服务没有落实、多次反映仍未解决；因公司责任造成经济损失或人身伤害；"
                    "突然大面积停电、停水或设备停止运行等。",
                    "<b>重要投诉</b>：合理需求没有及时解决，严重影响正常居住或办公；服务过失或员工服务态度恶劣。",
                    "<b>轻微投诉</b>：给您带来轻微不便、可以较快改进解决的问题。",
                ),
                value("同一事件有", "complaint_major_complainants", "及以上客户投诉的，按重大投诉处理。"),
                value("有效投诉在", "complaint_major_unresolved_days", "内未得到合理解决的，升级为重大投诉。"),
                heading("处理时限"),
                value("轻微投诉：立即处理或在您要求的期限内处理；特殊情况在", "complaint_minor_hours", "内处理完毕。"),
                value("重要投诉：在", "complaint_important_hours", "内处置完毕。"),
                value("重大投诉：在", "complaint_major_reply_hours", "内给您明确答复，"),
                value("并在", "complaint_major_resolve_days", "内解决。"),
                value("处理完毕后，我们在", "complaint_follow_up_hours", "内回访，回访率 100%。"),
                heading("报修"),
                paragraph("报修时请告诉我们：房号、需要维修的内容和故障情况、方便上门的时间以及联系电话。"),
                checklist(
                    "以下情况属于紧急维修，我们会立即通知工程部优先处理",
                    "爆管、漏水",
                    "电器冒烟",
                    "突然停水、停电",
                    "您认为特别紧急的其他情况",
                ),
                paragraph(
                    "其他报修为一般维修，按约定时间上门。需要更换材料或属于有偿维修的，"
                    "我们会先向您说明收费标准和原因，您同意后再维修。维修完成后请您签字确认，当天我们会回访。"
                ),
                service_desk(),
            ],
        },
        {
            "slug": "tenants",
            "title": "租户入住与退租指南",
            "summary": "租户入住要业主确认和租赁合同；退租前结清费用、业主同意并办理放行条。",
            "body": [
                heading("租户入住"),
                checklist(
                    "请准备",
                    "业主的确认（客户服务中心会向业主电话核实）",
                    "《房屋租赁合同》",
                    "租户承诺书",
                    "租户本人身份证明",
                ),
                steps(
                    "",
                    ("登记", "填写《租户信息表》，签署《安全责任制书》，我们登记您的入住时间。"),
                    ("开通服务", "我们会告诉您服务电话，协助开通电话、网络、有线电视，办理停车场月卡。"),
                ),
                heading("租户退租"),
                steps(
                    "",
                    ("告知客户服务中心", "告诉我们退租和搬家的时间。"),
                    ("抄表结费", "抄取水、电、气表，结清截至搬家当日的全部费用。"),
                    (
                        "业主确认",
                        "我们会通知业主，确认业主同意退租以及哪些物品不能搬走。业主不同意的，请先与业主协商一致再办理退租。",
                    ),
                    ("办理放行条", "以上手续完成后，办理《物品放行条》即可搬家，详见《物品放行须知》。"),
                ),
                service_desk(),
            ],
        },
        {
            "slug": "government-approvals",
            "title": "政府报批办事指南",
            "summary": "装修涉及消防报建、结构改动、煤气改动时，向哪个部门报批。",
            "body": [
                paragraph(
                    "装修涉及消防报建、结构改动或煤气改动的，须先向政府主管部门报批，取得批准后再办理装修申请。"
                    "下列部门的电话和地址由客户服务中心维护，如有变动，以主管部门公布的为准。"
                ),
                heading("消防报建"),
                paragraph("写字楼及商业场所装修，须办理建设工程消防设计审查；竣工后办理消防验收（或备案），取得回执后方可申请竣工验收。"),
                contact("区住房和建设局（消防设计审查与验收）", TO_BE_UPDATED, TO_BE_UPDATED, "工作日 9:00–12:00，14:00–18:00"),
                heading("结构改动"),
                paragraph("改动承重结构、开凿楼板或墙体洞口的，须由原设计单位或具有相应资质的设计单位出具方案，并报主管部门审批。"),
                contact("区住房和建设局（房屋结构安全）", TO_BE_UPDATED, TO_BE_UPDATED, "工作日 9:00–12:00，14:00–18:00"),
                heading("煤气改动"),
                paragraph("燃气管道和燃气表的迁移、改装，须向燃气公司申请，由燃气公司派专业人员施工，不得自行改动。"),
                contact("燃气公司客户服务中心", TO_BE_UPDATED, TO_BE_UPDATED),
                paragraph("取得批准文件或受理凭证后，请将复印件交客户服务中心，与装修申请资料一起存档。"),
                service_desk(),
            ],
        },
    ]


# --- services ------------------------------------------------------------------------------

SERVICES: dict[str, tuple[str, str, str, list[dict]]] = {
    # procedure: (title, slug of the guide to read first, introduction, details)
    Procedure.MOVE_IN: (
        "入伙办理预约",
        "move-in",
        "收到《入伙通知书》后，预约到客户服务中心办理入伙：核实身份、交费、填写业主档案、领取钥匙并验房。",
        [value("入伙时预收物业管理费", "move_in_prepaid_months", "，从《入伙通知书》约定的入伙日期起计算。")],
    ),
    Procedure.RENOVATION: (
        "装修申请",
        "renovation",
        "装修前请先申请，经审批并领取《施工许可证》后方可开工。所需图纸、资料和费用详见《装修申报须知》。",
        [value("申请资料齐全后，我们在", "renovation_approval_working_days", "内审批完毕并通知您。")],
    ),
    Procedure.OCCUPANCY: (
        "入住登记",
        "tenants",
        "搬入新居时请到客户服务中心登记入住；租户入住须经业主确认，并提供租赁合同和租户承诺书。",
        [],
    ),
    Procedure.RELEASE_PASS: (
        "物品放行",
        "release-pass",
        "家具、电器、纸箱等大件物品出门，须办理《物品放行条》。搬家迁出的，须先结清截至当日的各项费用。",
        [],
    ),
    Procedure.PARKING: (
        "车位租用",
        "parking",
        "本小区业主和租户可以租用停车场车位。请准备身份证和行驶证（证上车主须为申请人本人）。",
        [value("每户可租用车位：", "parking_spaces_per_household", "。")],
    ),
    Procedure.COMPLAINT: (
        "投诉",
        "complaints-and-repairs",
        "对我们的服务不满意，请告诉我们。您的投诉由客服主管界定并跟进，处理结果会及时回复您。",
        [value("处理完毕后，我们在", "complaint_follow_up_hours", "内回访。")],
    ),
    Procedure.REPAIR: (
        "报修",
        "complaints-and-repairs",
        "房屋设施坏了，请告诉我们房号、维修内容、方便上门的时间和联系电话。"
        "爆管、电器冒烟、突然停水停电等紧急情况请直接拨打服务热线。",
        [],
    ),
    Procedure.REQUEST: (
        "需求与建议",
        "owner-service-guide",
        "有任何需求或建议，欢迎告诉我们。",
        [value("我们在受理后", "request_reply_days", "内处理并答复您。")],
    ),
    Procedure.RENOVATION_ACCEPTANCE: (
        "竣工验收申请",
        "renovation",
        "装修完毕后申请竣工验收，由工程部和保安部到现场验收。写字楼须先取得消防验收回执。",
        [],
    ),
    Procedure.DEPOSIT_REFUND: (
        "押金退还申请",
        "renovation",
        "竣工验收后，按规定期限申请退还装修押金。由装修公司申请的，须经业主同意。",
        [
            value("住宅、商务公寓：自竣工验收之日起", "renovation_refund_months", "后可以申请。"),
            value("写字楼：自竣工验收之日起", "renovation_office_refund_days", "后可以申请。"),
        ],
    ),
    Procedure.MOVE_OUT: (
        "退租",
        "tenants",
        "租户退租前，请结清截至搬家当日的全部费用，并经业主同意；办理《物品放行条》后即可搬家。",
        [],
    ),
}


# --- notices -------------------------------------------------------------------------------

def _day(day: date) -> str:
    return f"{day.month}月{day.day}日"


def notices(today: date) -> list[dict]:
    """Three current notices, dated from ``today``."""
    outage_day = today + timedelta(days=3)
    survey = policy_values.decide("survey.window", {"on_date": today}, on_date=today).values
    start, end = survey["window_start"], survey["window_end"]
    event_day = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    return [
        {
            "slug": "water-outage",
            "title": "停水通知",
            "kind": NoticeKind.OUTAGE,
            "publish_date": today - timedelta(days=1),
            "end_date": outage_day,
            "summary": f"{_day(outage_day)} 9:00–17:00，1栋因供水管道检修停水。",
            "body": (
                f"<p>尊敬的业主、住户：</p><p>因二次供水管道检修，{_day(outage_day)} 9:00–17:00 1栋全楼停水，"
                "恢复供水时间视施工进度可能提前。请提前做好储水准备，停水期间请关闭家中水龙头。</p>"
                "<p>给您带来的不便，敬请谅解。如有疑问，请拨打服务热线。</p>"
            ),
        },
        {
            "slug": "satisfaction-survey",
            "title": "业主满意度调查",
            "kind": NoticeKind.SURVEY,
            "publish_date": today - timedelta(days=2),
            "end_date": end,
            "summary": f"{_day(start)}至{_day(end)}开展书面满意度调查，欢迎提出宝贵意见。",
            "body": (
                f"<p>为不断提升服务品质，客户服务中心将于{_day(start)}至{_day(end)}开展书面满意度调查。"
                "调查表将由客户助理上门发放，也可到客户服务中心领取。</p>"
                "<p>您的每一条意见，我们都会认真统计、落实整改，并将调查结果向全体业主公告。感谢您的支持！</p>"
            ),
        },
        {
            "slug": "neighbourhood-festival",
            "title": "社区活动：邻里文化节",
            "kind": NoticeKind.EVENT,
            "publish_date": today - timedelta(days=3),
            "end_date": event_day,
            "summary": f"{_day(event_day)}（周六）15:00 在中心花园举办邻里文化节，欢迎全家参加。",
            "body": (
                f"<p>{_day(event_day)}（周六）15:00–18:00，邻里文化节将在小区中心花园举行，"
                "有亲子游戏、书画展示和社区义诊。欢迎业主、住户全家参加。</p>"
                "<p>报名请到客户服务中心或拨打服务热线。</p>"
            ),
        },
    ]


# --- loading -------------------------------------------------------------------------------

def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _child(parent, model, slug: str, **fields):
    """The child of ``parent`` with ``slug``, created (and published) if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    return _publish(parent, model(slug=slug, **fields)), True


@transaction.atomic
def load(home: HomePage, today: date | None = None) -> list[str]:
    """Create the demo pages that are missing under ``home``; say what was created."""
    today = today or policy_values.today()
    created: list[str] = []

    if (home.office_hours, home.service_desk) != (OFFICE_HOURS, SERVICE_DESK):
        home.office_hours, home.service_desk = OFFICE_HOURS, SERVICE_DESK
        home.save_revision().publish()
        created.append("home page: office hours and service desk")

    guide_index, _ = _child(
        home, GuideIndexPage, "guides", title="办事指南", intro="<p>办理各项物业事务前，请先了解需要准备的资料和流程。</p>"
    )
    for guide in guides():
        _, new = _child(guide_index, GuidePage, **guide)
        if new:
            created.append(f"guide: {guide['title']}")

    service_index, _ = _child(
        home, ServiceIndexPage, "services", title="在线办事", intro="<p>选择您要办理的事项，了解所需资料和费用。</p>"
    )
    for procedure, (title, guide_slug, intro, body) in SERVICES.items():
        _, new = _child(
            service_index,
            ServicePage,
            str(procedure),
            title=title,
            procedure=procedure,
            intro=f"<p>{intro}</p>",
            guide=GuidePage.objects.child_of(guide_index).filter(slug=guide_slug).first(),
            body=body,
        )
        if new:
            created.append(f"service: {title}")

    notice_index, _ = _child(home, NoticeIndexPage, "notices", title="小区通知")
    if not NoticePage.objects.child_of(notice_index).exists():
        for notice in notices(today):
            _publish(notice_index, NoticePage(**notice))
            created.append(f"notice: {notice['title']}")
    return created
