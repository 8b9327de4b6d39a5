"""Intent, not topic: each rule family with offers that must be found and innocent posts
with the same words that must not be (written here, not taken from the street set)."""

from __future__ import annotations

import pytest

from netpatrol import data
from netpatrol.bootstrap import build_detection, build_normaliser
from netpatrol.data import load_json
from netpatrol.detect.base import Item
from netpatrol.detect.dataset import load_labelled
from netpatrol.detect.indicators import extract
from netpatrol.detect.pipeline import Engine
from netpatrol.detect.rules import IntentRuleDetector, RuleError
from netpatrol.domain.categories import Category


@pytest.fixture(scope="module")
def engine() -> Engine:
    return build_detection()


OFFERS = [
    ("drugs", "新到的猪肉 成色好 一克三百五 同城面交 懂的来"),
    ("drugs", "❄到了 老客户先拿 一个四百 闪送半小时"),
    ("guns", "出一把气狗 出口动能60焦 全金属 不是玩具 私聊"),
    ("explosives", "雷管 炸药 工地用 无需许可 一箱起 私我"),
    ("pornography", "同城约 学生妹 快餐三百 包夜八百 看主页"),
    ("fake_documents", "毕业证学位证 学信网可查 三天出证 价格私聊"),
    ("gambling", "百家乐带玩 注册送88 首充翻倍 邀请码6688 加群"),
    (
        "fraud",
        "我是市公安局民警，你名下账户涉嫌洗钱案件，立即把资金转入安全账户配合清查，不要告诉家人",
    ),
    ("fraud", "王者号低价出 不走平台 直接加微信交易 先付定金 价格私聊"),
    ("fraud", "手机点赞关注 一单5元 日结 宝妈学生都能做 入职先交99会员费 加v详聊"),
    ("phishing", "【ETC】您的ETC卡已失效，请登录 etc-renzheng.top 重新认证，逾期停用"),
    ("phishing", "社保卡年审入口 hxxps://sbk-nianshen[.]vip 未年审将停用"),
    ("insult", "@阿强不强 你就是个废物 活着浪费空气"),
    ("insult", "安徽人没一个好东西 出门就是偷"),
    ("insult", "这货电话139****2211 住锦华苑3栋502 兄弟们轮流问候他"),
    ("insult", "你那辆白色卡罗拉天天停在小区门口是吧 下次就不是划个车这么简单了"),
    ("fraud", "我是你老同学小陈啊 换号了 急用钱 先借我八千 明天就还"),
    ("fraud", "网购被骗的钱能追回 专业团队帮你要回 先交600手续费 加v私聊"),
    ("fraud", "高价收银行卡电话卡 一张八百 当天结 私我"),
    ("fraud", "缅甸园区直招客服 月入三万 包吃包住包机票 不限学历 加飞机详聊"),
    ("fraud", "交两千入会费 发展三个下线就回本 推荐奖拿到手软 进群了解"),
    ("phishing", "复试资格确认入口 yanzhao-fushi.top 请填写准考证号和身份证号完成确认"),
    ("phishing", "帮我点个赞嘛 活动页 dianzan-huodong.xyz 登录要填身份证号"),
    ("fake_documents", "各种成绩单 绩点可以改分 以假乱真 加q详谈"),
    ("pornography", "同城约 无套路 见面满意再付 加我看照片"),
    ("fraud", "急用钱找我 借款五千起 到手四千 周息两成 逾期一天罚三百 不还上门"),
    ("gambling", "腊月推牌九 五百一把 晚上到村口仓库 带现金 别带生人"),
    ("drugs", "有依托咪酯烟弹 不用处方 一个四百 同城闪送"),
    ("drugs", "提神专注 哌甲酯 考研党必备 不用处方 一板一百八 可快递"),
    ("fraud", "出王者号 全皮肤 不走官方平台 先付一半定金 换绑后补尾款 私聊"),
    ("pornography", "针孔偷拍视频 全程无剧本 三十部一起打包出"),
    ("fake_documents", "护照本子 芯片能刷 入境过得去 五天拿"),
    ("explosives", "雷管炸药 不需要资质 量大从优 私聊"),
    ("drugs", "冰糖 一克四百 同城闪送 放心不会坐牢"),
    ("insult", "你这种垃圾，没有人会爱你的，滚"),
    ("fraud", "专业追损团队，被骗资金可全额追回，先付追回金额的15%服务费"),
    ("rumour", "下个月起养老金全部停发，改发购物卡，家里有老人的转给家人看看"),
    ("gambling", "兄弟输了别走，这个台子能回血，首充翻倍，老虎机爆率高"),
    ("fake_documents", "国际旅行黄皮书 不用打针 三天出 过海关没问题 私聊"),
    ("fake_documents", "各国护照 芯片可读 过机器没问题 价格私聊"),
    ("rumour", "下月起旧版驾照一律不能用，全部换新要排队三个月，快告诉爸妈"),
    ("phishing", "您的DHL国际包裹派送失败，请在 dhI-parcel.com 更新地址"),
    ("phishing", "签证申请官方通道 visa-gov-apply.cc 请填写护照号"),
    ("fraud", "你女儿在我们手上，准备五十万打到这个卡上，敢报警就撕票"),
    ("pornography", "上门服务 全程配合 一次五百 加微信看照片"),
    (
        "fraud",
        "周六上午社区活动室健康讲座，到场就送挂面，这款磁疗枕头睡一个月颈椎病都能治，原价2980今天980",
    ),
    ("fraud", "奶奶您好，您孙子在学校摔骨折了，正在医院等手术，先交一万五手术费，我是他班主任"),
    ("fraud", "养老金认证我帮你们代认证，一个人30块，身份证拍照发我"),
    ("fraud", "阿姨，您那套老房子空着可惜，办个以房养老，每个月利息打给您，比存银行强"),
    ("drugs", "唑吡坦 艾司唑仑 现货 不用去医院开 一板80 加v"),
    ("explosives", "礼花弹八寸的 无证作坊出货 便宜一半 私聊"),
    ("fake_documents", "老年证代办 没到年龄的也能弄 三天拿"),
    ("rumour", "吃这个会导致老年痴呆，医生不会告诉你，赶紧转给需要的人"),
    ("drugs", "有人口斤话水吗 同城闪送 价格私聊"),
    ("fraud", "帅哥到了吗，我先点了几瓶洋酒，不贵，你来了我们慢慢喝"),
    ("fraud", "哥哥，我朋友的店今晚冲业绩，你来帮我开瓶香槟好不好"),
    ("rumour", "那家烧烤店又出事了，用的死猫肉，吃坏了好几个，平台不敢说，多转几个群"),
    ("explosives", "盐花大量现货 不要证 夜里仓库提货"),
    ("explosives", "冷焰火加强版 自己改的药 不用备案 一台九百"),
    ("fake_documents", "健康正 身份正 样样都有 一比一还原"),
    ("fraud", "我是上周聚会认识的阿杰，手机掉了换了个号，借我500打车，明天还你"),
    ("fraud", "孩子上重点初中有内部名额，我有人在教育局，五万一个，名额不多"),
    ("fraud", "公积金代提，无需购房租房，手续费百分之八，当天到账"),
    ("fraud", "消防检查通知：每户必须安装灭火器，一个260元，不装的话罚款两千"),
    # 报警 inside 报警器 is no victim calling the police
    ("fraud", "您好，您家燃气管道老化，必须更换报警器，一台598，不换的话明天断气"),
    ("phishing", "【交管】您有一条违法记录待处理，请登录 jg-chuli.xyz 查看"),
    ("phishing", "物业通知：本季度物业费请通过 wuye-jiaofei.cc 缴纳，逾期加收滞纳金"),
    ("gambling", "pk10每天三期计划，跟着老师下注，准确率八成，进群私聊"),
    ("rumour", "小道消息，下周全城停水五天，赶紧囤水，别说我没提醒"),
    ("fake_documents", "结婚证做一个，带防伪，和真的一样，需要的来"),
    ("fraud", "大师亲手开光的貔貅手串，戴上财运亨通，结缘价688"),
    ("fraud", "法师远程做法事，保佑全家逢凶化吉，加微信详谈"),
    ("fraud", "氵去师开坛化解官非，结缘价私聊"),
    ("fraud", "双色球必中技巧，内部号码每期发群里，会员费一个月300"),
    ("drugs", "康力龙 诺龙 现货，健身房老哥都懂，私聊拿价"),
    ("gambling", "今晚NBA大小分内部推荐，跟的扣1，红单截图"),
    ("gambling", "六合彩平特一肖今天主推龙，要的来"),
    ("gambling", "本期特🐴已出，主推兔，要的私我"),
    ("phishing", "演唱会门票内部预售，点 piao-qiang.top 填信息抢座"),
    ("fraud", "长期收实名手机卡，移动联通都要，价高，私聊"),
    ("fraud", "收对公户，带U盾全套，一套五千，当天结"),
    ("fraud", "跑分平台招人，有支付宝就能做，日结，零成本"),
    ("fraud", "组团去外省开卡，开好当场交给带队的，一张三百包路费"),
    ("fraud", "我手机欠费了，等下你会收到一个验证码，麻烦报给我一下，急用"),
    ("fraud", "长期收💳，带🛡和手机卡一套，价格私聊"),
    ("gambling", "捕鱼游戏充值就能提现，下载链接在群里，注册送彩金"),
    ("rumour", "紧急通知：陌生来电千万不要接，接了就扣钱，快转给家里老人"),
    ("drugs", "罂粟壳磨好的粉，卤肉店用，一斤三百二，包邮"),
    ("drugs", "有大烟壳吗？开火锅店的，长期要，价格好说"),
    ("guns", "土铳配铅砂引火帽一条龙，老地方拿货"),
    ("explosives", "擂管十发起卖，一发二十，送货到村"),
    ("gambling", "过年村里牌九推筒子，场子大，押多少都接"),
    ("gambling", "河滩上斗鸡，押谁都行，一局三百"),
    ("fake_documents", "生猪检疫证明代开，任何地区都能开，加微信"),
    ("rumour", "紧急通知：明天有人来丈量土地，量完就收走，千万别签字"),
    ("fraud", "学生贷款不查征信，裸照抵押，额度看尺度，当天放款"),
    ("drugs", "笑气气球现充现卖，十个起，周末酒吧后门自取"),
    ("drugs", "泰国瘦身丸，里面加了东西所以效果猛，剩五瓶"),
    ("fraud", "应援集资改了，统一转管理员私人账户，卡号私聊"),
    ("rumour", "网购的面膜里有激素，长期用会不孕，快转给姐妹们"),
    ("fraud", "驾照分出售，一分一百五，十二分都有，急用的私我"),
    ("gambling", "周末山路赌车，押五百赢一千五，懂的来"),
    ("explosives", "自己做的大炮仗，响度超标，过年要的私我"),
    ("fake_documents", "假年检标，贴上去看不出来，三十一张"),
    ("fake_documents", "电动车牌照不用上户，直接寄，挂上就能骑"),
    ("rumour", "高速上连环追尾死伤上百人，新闻不让报，这几天千万别出门"),
    ("explosives", "下周去水库炸鱼，东西我备好了，想去的私我"),
    ("gambling", "野塘赌鱼，一人三百，钓得最重的拿走，塘主抽水一成"),
    ("fake_documents", "狩猎证持枪证都能做，包真包过，价格私聊"),
    ("rumour", "河里死鱼一大片，有人往上游倒了毒药，这几天河鲜一口都别吃"),
    ("fraud", "燃气软管不合格必须今天更换，一根三百八，不换就停气"),
    ("guns", "复合弩厂家直发，大威力打猎用，价格私聊"),
    ("fake_documents", "结婚证假的也行，我这做一本，两百块"),
    ("rumour", "我们小区那栋楼要塌了，物业不让说，赶紧搬走"),
    ("fraud", "有闲置银行卡的兄弟，借卡走账一次给两百，躺着赚"),
    ("explosives", "矿上炸药没退库，剩一箱便宜出，别声张"),
    ("fake_documents", "入职体检报告代出，转氨酶都能改，保过"),
    ("rumour", "隧道塌方埋了十几个人，视频我看到了，老板不让说，快传"),
    ("drugs", "鹰速壳磨粉，卤味店长期要的私聊"),
    ("drugs", "罂粟壳磨粉，放心不是犯法的，饭店长期要的私聊"),  # a denial is no warning
    ("gambling", "福袋一抽九块九，抽中的卡按市场价回收，随时提现"),
    ("explosives", "窜天猴二踢脚批发，夹在年货里寄，全国发"),
    ("guns", "毒狗针出售，批发零售，价格私聊"),
    ("fake_documents", "手持身份证照片代过人脸，一单五十"),
    ("gambling", "幸运转盘一块钱一抽，中了皮肤平台高价回收"),
    ("explosives", "禁放区也能送的大礼花，城区随便放，有渠道"),
    ("fake_documents", "人脸识别代过，防沉迷秒破，价格私聊"),
    ("fraud", "那边招客服 月薪两万 机票先垫 到了从工资扣 别跟家里说去哪"),
    ("fraud", "尊敬的旅客，您的航班因故障停飞，请及时联系客服 400-617-2209 办理改签补偿"),
    ("phishing", "行李丢失理赔请登录 xingli-pei.top 输入身份证和银行卡，当天到账"),
    ("fraud", "狗狗受伤的照片网上找的就行，发群里说手术费不够，收款码挂你自己的"),
    ("phishing", "补贴申请下载「惠民通.apk」，安装时点允许所有权限，填完就到账"),
    ("pornography", "午夜直播间全裸表演，刷礼物进群看回放"),
    ("drugs", "找人帮忙带一趟货，给五百，别拆别问，警察问就说是茶叶"),
    ("pornography", "黄碟一百张打包出，同城送"),
    ("insult", "欠钱不还是吧，你家门口我去过了，明天带人上门骚扰你爸妈"),
    ("pornography", "不给钱是吧，你那些床照我明天就挂网上"),
    ("fraud", "彩礼先转过来，钱到了人就带过去，不满意包退"),
    ("fraud", "大师帮你开坛作法挽回前任，功德金1999，三天见效"),
    ("fraud", "期末考试答案考前一晚发 一门八十 要的加微信 ans_fast"),
    ("fraud", "作弊耳机 考场专用 纽扣大小 包过 加v: exam_helper8"),
    ("fraud", "本科内部指标 分数不够也能录 服务费三万 先交一半"),
    ("fake_documents", "托福成绩单做一份 不用考 想要多少分写多少 加微信 toefl_fast"),
    ("drugs", "冰块熬夜专用 一宿不困 同城闪送 私聊"),
    ("guns", "十字弓 强磅数 穿透力惊人 包邮到家"),
    ("gambling", "dubo群 上分下分秒到 小额也行 tg：@fast_up88"),
    ("phishing", "粉丝福利 免单资格已到账 点 kuaishou-gift.top/get 领取"),
    ("phishing", "抢票神器 下载安装 kuai-piao点xyz/app 登录你的账号就能抢"),
    ("fraud", "高价收U 现金结算 不问来源 两个点 可上门"),
    ("fraud", "阿姨你别在这排了，跟我走，我知道一家老中医研究所，三副药就见效"),
    ("fraud", "助孕机构 供卵代妈一条龙 包成功 微信 zhuyun_888"),
    ("insult", "周六上午去他们公司门口拉横幅，人越多越好，每人管饭给一百"),
    ("phishing", "币安官方空投 连接钱包即领 binance-airdrop.top/claim"),
    ("pornography", "一楼一 新到嘅 服务周到 旺角 可先睇相"),
    ("explosives", "烟花大量有货 冇许可 平过市价 嚟睇货"),
    ("gambling", "澳门贵宾厅 借码免息 返佣高 有意私我"),
    ("fake_documents", "香港工作签证 唔使雇主 保证过关 五千"),
    ("fake_documents", "离职证明 工资流水 全套制作 背调电话有人接 999"),
    ("fraud", "泰国公司招客服 月入两万 手续全包 落地有人接 别问太多 飞机 @th_kefu"),
    ("fraud", "中国驻悉尼总领馆通知：您的护照涉嫌一宗诈骗案关联，请立即配合核查资金"),
    ("guns", "自制铁砂枪 打野猪够用 五百一杆 同城送"),
    ("rumour", "水库大坝裂了 今晚就要溃坝 下游的赶紧跑 速转"),
    ("phishing", "村里补贴名单出来了 t.cn/Ab12Cd 填银行卡和验证码就能领"),
    ("fraud", "你家今年犯太岁，得做场法事，不做后果自负，私我"),
    ("fake_documents", "火化证明 死亡证明 都能做 拿去就能批 五百一套"),
    ("gambling", "今晚二八杠 一门五百 有放水的 现场能借"),
    ("phishing", "理赔款到账失败 请重新绑定收款卡 url.cn/Xy12Ab"),
    ("fraud", "互助平台提醒：缴纳980元身份认证费即可领取身故抚慰金"),
    # buyers asking for drugs: a named drug and an ask, or slang, an ask and a craving
    ("drugs", "谁有依托咪酯 成品的 价格好说 深圳"),
    ("drugs", "k仔哪里能买到 想嗨一下 今晚就要"),
    ("drugs", "戒不掉了 谁还有冰 最后一次 加钱也行"),
    ("drugs", "有没有笑气 想吸着玩 能送到宿舍吗"),
    # a hoax that claims the truth is being hidden
    ("rumour", "化工厂昨晚爆炸死了几十个 官方一个字没提 大家别去东边"),
    ("rumour", "内部会议定了 明年退休金冻结三年 消息还没公开"),
    # a private book, a fish machine that pays out, paid lottery tips
    ("gambling", "今晚欧冠我开个盘 主队让一球 谁接 赛后结"),
    ("gambling", "捕鱼机能兑 老地方 懂得来 通宵营业"),
    ("gambling", "三中三 二中二 今天带料 跟的扣1"),
    # recovering losses for a fee, in the words such offers use
    ("fraud", "专业追款团队 先追回后收费 前期只收材料费 私我"),
    ("fraud", "你被骗的资金已经冻结在我们律所 交10%解冻费就能返还给你"),
    # paid tips on fixed matches, doping sold without a doctor, a slimming drink with a laxative
    ("fraud", "假球内幕 今晚德甲 比分已定 信息费一场888 不中退"),
    ("drugs", "RAD140 现货胶囊 不用去医院开 需要的v我"),
    ("drugs", "瘦身咖啡 加了酚酞 喝了跑三天厕所 一盒168 包邮"),
    ("gambling", "斗鸡今晚开场 转账下注 群里结算"),
    # cash for crypto with no question asked, a hash-game bet, a hoax that says it is hushed up
    ("fraud", "U承兑 大额 现金交割 不问来源 当面"),
    ("gambling", "玩哈希竞猜的来 u进u出 自动派奖 飞机搜 hx888"),
    ("rumour", "变电站整个烧了 要停到月底 新闻都不报 手机赶紧充满"),
    # foods that 'clash', a cure the hospitals 'hide', a death the company 'hushes up'
    ("rumour", "西红柿和虾一起吃会变砒霜，我们楼下就有人吃进了医院，转给爸妈"),
    ("rumour", "泡脚水里加点醋，坚持一个月根治高血压，不用吃降压药，医院不让说的"),
    ("rumour", "那个拳击主播昨晚猝死了，公司压着不让说，大家快转"),
    # remote control asked with a download, a class fee from a 'changed' number
    ("phishing", "下载 kf-help.top 的软件，安装后开启远程协助，客服帮您一键办理退款"),
    ("fraud", "各位家长：新学期教辅费每人168元请缴纳给班委，老师微信号有变动，以此号为准"),
    ("fraud", "皮肤代充，账号给我就行，官方价三折"),
    # a narcotic without a prescription, private photos for pay, blank prescriptions, a roll room
    ("drugs", "家里老人剩的杜冷丁，不走药店，不要单子，300一支，私聊"),
    ("pornography", "有偿出私照，加我看主页"),
    ("fake_documents", "空白处方笺，带医院章，想开什么药自己填，私聊"),
    ("gambling", "roll房每晚开，充值进房，微信扫码进群"),
    # exam answers sent before the exam, a transcript altered, invoices sold for claims
    ("fraud", "要不要四级答案，考前发，保真，价格私聊"),
    ("fake_documents", "成绩单改分，纸质版盖章，私聊"),
    ("fake_documents", "出售机打发票，报销用，各种面额都有"),
    # a homophone of 炸药, initials of 百家乐, a bar's lure, an archive with its password
    ("explosives", "出炸要，采石场用，量大从优，私聊"),
    ("gambling", "bjl 信誉老台 首充送38 私我"),
    ("fraud", "把客人约到店里，让他开最贵的酒，你拿开酒提成，结账前找借口走人"),
    ("phishing", "您的电子保单已发送，请查看附件压缩包，解压密码888888"),
    ("rumour", "地震局内部消息：今晚八点有6级余震，大家都到空地上待着，别回屋"),
    # a trading platform on a cheap domain, binary options, a debtor named a deadbeat
    ("fraud", "做黄金找我，hx-gold.top 老师带单，提现秒到"),
    ("gambling", "二元期权，猜一分钟后涨跌，猜对收益85%，群里每天喊方向"),
    ("insult", "@王某 你这个老赖，欠钱不还还晒旅游"),
    # a death 'settled' with money, a toll heard from a relative, a list of victims as bait
    ("rumour", "那个男演员酒驾撞死人了，经纪公司正花钱摆平"),
    ("rumour", "听我表姐说化工厂爆炸死了二十多个，新闻一个字都不发"),
    ("phishing", "隧道事故遇难者名单公布，看看有没有你认识的人 news-list.top"),
    # a recruiter who addresses the losers is no victim
    ("fraud", "炒股亏了的朋友看过来，导师一对一带单，收益保底30%，加微信"),
    # slimming injections without a doctor, receipts made to order, a program in a group file
    ("drugs", "代购进口减肥针，自己在家打，不需要看医生，需要的加V"),
    ("fake_documents", "专柜小票可定制，金额随意，店名随意，私聊"),
    ("phishing", "群文件里的《年终奖明细.exe》请下载查看"),
    ("drugs", "妈咕到了 一颗五十 同城面交"),
    ("rumour", "冒充交警设卡抢车，还打死了一个司机，新闻不让报"),
    # laced vape oil for pupils, sextortion of a pupil, a fight video as bait, a dorm card game
    ("drugs", "电子烟加料款，学生价，一支起卖，私聊"),
    ("pornography", "你视频聊天的图我都截了，不转钱就发到你们班群"),
    ("phishing", "你家孩子在学校打架了，视频在这里，点开看看 v.abc-video.cc"),
    ("gambling", "晚自习后炸金花，五块底，来的扣1"),
    # a scam compound's job, a paid ritual, an earthquake 'foretold'
    ("fraud", "去妙瓦底做客服，会打字就行，不用会外语，到了有人接"),
    ("fraud", "师父帮你做化煞法事，一次2680，包你家宅平安"),
    ("rumour", "大师说月底有大震，快跑，老家人都在准备了"),
    # medicine 'dropped' or a lesion 'dissolved' with a sale, a medicine 'poison' hushed up
    ("fraud", "量子水机喝三个月，降压药可以停了，一台6800，私聊"),
    ("fraud", "这个胶囊吃一个疗程，血栓全部溶解，订购加微信"),
    ("rumour", "降糖药吃久了必瞎，这是医生不说的秘密，赶紧停"),
    ("drugs", "自家熬的膏方加了点罂粟，胃疼一喝就好，一斤三百"),
    # protection switched off for a download, a secret asked behind a QR code, a health
    # lecture with free gifts, recruits charged before they start, medicine given up
    ("phishing", "手机银行升级，下载这个插件前先关闭手机安全防护，不然安装不了"),
    ("phishing", "免费领电动牙刷一支，扫码登记后输入收到的验证码即可包邮到家"),
    ("fraud", "小区门口免费体检还送鸡蛋，专家讲课两小时，听完大家都买了不少保健品，报名找王姐"),
    ("fraud", "主播招聘 零基础可做 入职要买公司指定的直播设备一套2980 统一采购"),
    ("fraud", "这个药枕睡一个月，从此不用再吃降压药，今天特价399，私聊下单"),
    ("fraud", "乙肝小三阳两个月转阴，不转不收费，加微信详聊"),
    ("drugs", "芬太尼贴片出几盒，一贴两百，同城闪送，私我"),
    ("gambling", "足彩私单，奖金比体彩高，当天结算，私聊"),
    ("gambling", "今晚英超让球盘，要下的私我，先转账后出单"),
    ("rumour", "新闻不报的：喝了那批桶装水的孩子都会中风，赶紧转告"),
    ("insult", "你就是个脑瘫，玩成这样还好意思说话"),
    # an app named as a payslip, a tour's shopping quota, a labour agent's fee, a debt
    # collector's threat, a casino junket, a cure in one injection
    ("phishing", "财务发的工资条在这，大家自己下载看看：十一月工资条.apk"),
    ("fraud", "跟团的各位注意，下午去购物店，每人最低消费两千，没买够的晚饭自理"),
    ("fraud", "进厂小时工25元，先交600中介费，交完安排车接"),
    ("insult", "欠的钱再不还，我们就p你遗照发到你村群里"),
    ("gambling", "免费包机去澳门，机票酒店全包，只要进场打码满30万"),
    ("fraud", "特效鸡瘟药，一针下去全好，原价300现在168"),
    # a 'sugar daddy' offer, a bad review held over a shop for money, a drug split apart,
    # an app that wants every permission
    ("pornography", "寻干女儿，听话懂事，每月给生活费，只聊长期，私"),
    ("insult", "不想上热搜就拿三千过来，不然明天全网都是你店的差评"),
    ("drugs", "米辶药有货，无色无味，一瓶两百，私聊"),
    ("phishing", "防骚扰守护APP，扫码安装，打开后务必允许所有权限才能用"),
    # an app named as a class list, explicit photos sold, an app pushed at scam victims
    ("phishing", "班级通讯录发群里了，大家先下载：三班通讯录资料.apk"),
    ("pornography", "主播私房照 高清无码 一套三十 私"),
    ("phishing", "受害人请下载“追赃助手”APP，上传身份证和银行卡，退款到账 zz-help.top"),
    # an impersonator calls the victim a suspect (涉案人员), which no report of a case says so
    (
        "fraud",
        "【通知】你的护照被用于办理银行卡，已被列为涉案人员，请立即添加办案民警微信配合调查，不得告知家人",
    ),
    # a person's death or illness told as hushed-up gossip
    ("rumour", "镇上都在传，粮站的老会计喝农药没救回来了，家里人不让说"),
    ("rumour", "某男团成员确诊晚期了，公司在瞒，粉丝都被蒙在鼓里"),
    # a crime pinned on a named person by hearsay and passed on, without an insult word
    ("insult", "老街那家药店的老板娘专门卖假货，她店员亲口说的，大家传一传"),
    ("insult", "圈内都知道，那个主持人私下吸毒，扩散让大家都知道"),
    # a crime or a disgrace made up about a named person or shop, the making-up admitted
    ("insult", "星光超市老板卖假酒，喝出人命了，我没证据但我就是这么认为，大家别去"),
    ("insult", "帮我在点评上写几条，就说他家火锅用地沟油，吃了上吐下泻，一条五块"),
    # a paid smear or a review scrubbed for money; a den's lookout; a welfare place bought
    ("fraud", "接单帮你把竞争对手搞臭，水军五百人，控评带节奏，价格私聊"),
    ("gambling", "周末开赌局缺个望风的，给五百，不用你上桌"),
    ("fraud", "贫困户名额我能包办，先交三千，保证批下来"),
    ("fake_documents", "报警回执、立案回执都能做，带章，两小时出，价格私聊"),
    # a stand-in for an exam, or a cheating earpiece, offered for money
    ("fraud", "四级可代考，本人六级600+，照片处理我来，价格私聊"),
    ("fraud", "科目一骨传导耳机，远程报答案，过不了包退，加v"),
    # a house contract with the seals already on; a code to be sent back; explosives passed on
    ("fake_documents", "出售空白购房合同，开发商章已盖好，自己填，一套两百，私聊"),
    ("fraud", "IT部通知：系统今晚升级，大家会收到一条6位验证码，请直接回复给我确认身份"),
    ("explosives", "工地上私下弄了二十公斤炸药，谁要匀给谁，价格好说"),
]

INNOCENT = [
    # a made-up smear's words refused, in a game, asked about; an accident; Hong Kong's lottery
    "我没证据就别乱说人家虐待孩子，这种话会毁了一个老师",
    "我也是瞎猜的，这局狼人杀里他肯定是卧底，逃犯身份藏得好深",
    "其实我没去过那家店，看到评论说有针孔摄像头，有人知道是真的吗？",
    "新年烟花只能买合法的，隔壁小孩玩自制炮仗炸伤了手，太危险了",
    "海关查获一批走私烟花爆竹，藏在集装箱里，自制的最危险",
    "今晚金多宝，同事夹钱买六合彩，中咗请饮茶",
    "今年新茶到了，自家茶园手工炒的，两百一斤，要的私聊",
    "网上水军太多了，评论区一半都是带节奏的，看看就好",
    "被恶意差评怎么办？找平台申诉删差评，别花钱找中介，都是骗子",
    "警方捣毁一个赌场，抓获放哨人员三名，赌资两万余元",
    "村里低保名额公示了，有意见可以找村委会，不用打招呼也不用花钱",
    "我爸查出乙肝大三阳，医生说按时吃药控制得住，家里人别担心",
    "报警回执一定要保存好，立案回执也可以在派出所拿到",
    "验证码发我手机上了，怎么登不进去",
    "快递验证码是多少？能告诉我吗，我帮你取",
    # written against the rules of 2026.12.28: a family's mahjong, a film, a prop, a patient
    "过年回老家，长辈们玩牌九，我在旁边负责看门的，其实就是看着小侄子别乱跑",
    "新电影里男主一开始只是赌场看场的，后来才揭晓他是卧底，剧情反转太精彩了",
    "桌游群周六约牌局，纯娱乐不带彩，输了的负责买奶茶，还缺人手",
    "剧组道具组在做全套仿真的民国证件，导演连盖红章的位置都要考据",
    "我自己就是大三阳，医生亲口说的，规律复查按时吃药就没事，分享给同样焦虑的朋友",
    "平台公告：严厉打击职业差评、批量举报等黑产行为，有人私聊你提供刷负面服务请立即举报",
    "学校通知：严禁代考替考，一经发现取消成绩并通报，举报电话在教务处网站",
    "新买的骨传导耳机跑步很舒服，不堵耳朵，两百多块值了",
    "刷到个科普视频，讲上头电子烟里是合成大麻素，属于毒品，大家一定要远离",
    '【二手平台安全提示】请在平台内完成交易，卖家无需缴纳任何"保证金""解冻费"',
    "转给长辈：说你涉嫌洗钱要转到安全账户的，直接挂电话；说你中奖要先交税的，也挂",
    "信用卡被盗刷了两笔，马上冻结了卡，去派出所报了案，大家别在陌生网站输卡号",
    "去年被假房东骗了两千，今天警察打电话说人抓到了，钱能追回一部分，感谢警察",
    "被骗后有人加我说能帮我追回，要先交三千手续费，这个应该也是骗子吧？",
    "二手房买卖合同网签了，明天去银行办按揭，终于要上车了",
    "过年的鞭炮买多了，还有多的，谁要匀给谁，小区里能放的那种",
    "打车发票在app里就能开，行程和金额都是系统生成的，改不了，报销直接用",
    "求苦力怕刷怪塔教程，火药不够用了，烟花火箭都做不出来",
    "采矿的朋友说雷管炸药管得特别严，领用都要登记备案",
    "开业用的礼花筒是彩带的，砰一声全是亮片，放心不是火药",
    "账号交易走平台担保，请勿私下转账",
    "有人自制炸药炸鱼被抓了，炸鱼违法还危险，大家别学",
    "卤肉料：八角三个，冰糖30g，别听人瞎说加什么罂粟壳，那是犯法的",
    "茶楼老板私设赌局抽头，被判开设赌场罪，茶楼也被查封了",
    "本群别发赌博链接，发一个踢一个",
    "劝一句，宿舍里那种抽水的牌局别去，十赌九输",
    "二房东跑路这事我真遇到过，后来起诉了，大家一定留好转账记录",
    "群里说装修补贴要先交钱申请？我打电话问了街道，补贴是下单直接抵扣，不用先转任何钱",
    "中院判了一个网上贩卖气枪的案子，主犯卖了二十多支，判了十一年",
    "公安提醒：私自收购储存雷管炸药属犯罪行为，发现线索请拨打110",
    "软弹玩具枪到货，橙色枪口帽，初速很低，不支持任何改装",
    "我哥就是个人肉导航，自驾三千公里没开错一个路口",
    "改签了两次终于退票成功，客服电话打了半小时，钱昨天到账了",
    "什么'内部渠道包过'的签证全是扯，签证只能自己递",  # a warning that quotes the offer
    "我爸以前在矿上放炮，说雷管管得极严，得有爆破证才碰得着",
    "法院判了：组织红包群赌博抽头的群主，以开设赌场罪判了三年",
    "本群禁止发红包扫雷那种链接，谁拉人去赌博群直接清退",
    "菜市场猪肉批发价每斤十三块五，比上周便宜了，买了两斤包饺子",
    "冰糖雪梨做法：梨切块，加冰糖二十克，小火炖半小时",
    "儿子生日买了个水弹枪玩具，软弹的，不伤人，一套八十包邮",
    "化学课讲硝酸铵是常见化肥，受热会分解，实验一定要有老师在场",
    "警方通报：捣毁一个贩卖冰毒的团伙，缴获冰毒两百克，抓获犯罪嫌疑人五名",
    "反诈提醒：凡是要求你把钱转入“安全账户”的都是诈骗，公检法不会这样办案",
    "法院一审判处被告人有期徒刑三年，其通过网络出售仿真枪并发货至外省",
    "辟谣：网传某小区井水被投毒系谣言，经核实水质检测正常",
    "新号码138****6620，旧号不用了，有事打这个，加我微信也行",
    "小区团购土鸡蛋，一块五一个，需要的邻居加我微信，周末送货上门",
    "公司年会认识了隔壁部门的小姐姐，加了微信，约了下周一起吃午饭",
    "发票丢了怎么办？到电子税务局申请重新开具，或者联系开票单位",
    "周末去湿地公园打鸟，800定焦一把，拍到了翠鸟，开心",
    "游戏账号在官方交易平台卖掉了，手续费5%，安全第一",
    "安徽人都是热心肠，上次迷路一个大爷领我走了两条街",
    "出闲置：宝宝推车九成新，200块，同小区可以送上门",
    "吵完架她回我一句“你个笨蛋”，我就知道她不生气了",
    "借老同学的五千块今天还清了，请他吃了顿火锅",
    "市检察院通报：一男子编造虚假疫情信息，被依法批准逮捕",
    "我被骗了一万多，又有人私信说能帮我追回，要先交手续费，这可信吗？",
    "银行卡丢了，去柜台办了挂失，补卡工本费五块",
    "宠物群：养狗的朋友有需要狗粮的可以团购，加我拉你",
    "庙会上打气球的气枪摊，十块钱十五发，我一个都没打中",
    "收到“老板”让你帮忙垫付货款的微信，一定先打电话确认，我同事差点就转了",
    "年会开场子的节目是我们部门的舞蹈，报我名字能进后台",
    "去乡下赶集记得带够现金，好多摊子不收微信",
    "刑法课上讲非法持有枪支罪，仿真枪算不算枪，认定标准要看枪口比动能",
    "山地自行车后轮的轴承钢珠碎了，修车铺换一套才二十块",
    "网吧包夜开黑到天亮，第二天上课直接睡着了",
    "表哥在矿山搞爆破，炸药雷管领用都要双人签字，网上说能买到的就是违法，别好奇",
    "新闻说卖假毕业证的被抓了，那句学信网可查纯属骗人",
    "网上卖钢珠枪配件的被抓了，出口动能超标就算枪，不是闹着玩的",
    "我们卖轴承的，钢珠按公斤批发，一公斤十八块，厂家直供",
    "表姐在煤矿上班，说炸药雷管都是双人双锁，一根都不能少",
    "小区群里有人问咔哇潮饮是什么，其实是毒品，家长要留心",
    "徒弟想偷两根雷管回家炸鱼，被我骂了一顿，这是要坐牢的",
    "有人来店里问能不能买钢珠配气罐打鸟，我没卖，打鸟本身就违法",
    "卖了八年狗粮的宠物店老板说，今年进口狗粮又涨价了",
    "收到短信说我的医保卡要重新认证，还附了个链接，这是真的吗？",
    "中介让我把契税转到他个人账户代缴，我坚决拒绝了，税费都在不动产大厅交",
    "【以案说法】王大爷接到自称民警的电话，要他转钱到安全账户，银行柜员及时劝阻",
    "村里有人打听收购雷管炸药，发现可疑情况请向派出所报告",
    "刻章店：公章、财务章须持营业执照和法人身份证办理，公安备案",
    "朋友推荐一个竞彩推单群，说每天都红单，这种是不是骗子啊",
    "接到电话说我中了彩票大奖，要先交税才能领，我直接挂掉了",
    "怎么举报网上的赌博网站？打110还是去不良信息举报平台",
    "游戏里有人私聊说能低价代充点券，要先转钱，我没理他",
    "「您好我是快递理赔客服」这种电话接了别信，直接挂",
    "验证码千万不要告诉任何人，包括自称客服的",
    "生猪调出要开检疫证明，在官方动物检疫系统申报",
    "逛街被偷拍了一次，照片还被发到群里，已经找平台删了",
    # a platform's own reminder about account trading, a reminder to trade on the platform
    "平台提醒：私下买卖账号违反用户协议，被找回的账号不予解封",
    "提醒各位：买卖二手游戏号请走正规平台，私下转账出了事没人管",
    # a bystander who stopped a victim, a scam line quoted in single quotes
    "今天在银行看到柜员拦下一个大爷，他要往'安全账户'转钱，还好拦住了",
    "看到有人说'收U不问来源'，这种人迟早进去",
    # a joke, a lawyer's answer, a warning in Wu, a plea about a betting boyfriend
    "要是真有听话水就好了 我家老大吃饭能快点 开玩笑的",
    "律师解答：朋友间小额打牌一般不认定为赌博 有人抽头渔利就可能违法",
    "阿拉姆妈讲六合彩是违法额 勿碰",
    "男朋友天天下注看球 房租都输没了 该不该分",
    # a licensed blasting notice and a shop's own refund notice
    "矿上爆破通知：明天十点放炮 炸药由专业公司管理 请远离警戒线",
    "【京东】退款已退回原支付账户 可在我的订单中查看",
    # a gambler's recovery, a police talk, a mine's rules, a refusal in dialect, questions
    "戒赌第二百天 以前每晚都要下注 现在只看球",
    "派出所来厂里宣讲 说出租银行卡会被判帮信罪 大家别贪这点钱",
    "矿上雷管都有编码 领多少用多少 少一个全队停工查",
    "有人说能帮我办低息贷款 先交三千手续费 额觉得不对 没交",
    "三唑仑是处方药管控的 网上卖的肯定违法 看到就举报",
    "西布曲明到底是个啥 减肥药里查出来会有危险吗",
    # questions, a model shop's refusal, a pharmacist's, a lesson in probability, an honest school
    "在闲鱼买二手手机 卖家说不走平台直接转账便宜两百 这样靠谱吗",
    "军模店 只卖静态拼装模型 不卖仿真枪 不卖任何发射类产品",
    "药店不能卖右美沙芬单方 不是刁难你 这药被滥用太多了",
    "有人问百家乐有没有规律 每一局都是独立事件 没有任何规律",
    "成人自考 学信网可查 需要正常参加考试 不包过 拒绝买卖文凭",
    # a law explained, an official's reading of an earthquake, a pump for hire
    "帮信罪到底是啥 出借一张银行卡都可能被判",
    "省地震局专家解读 余震可能性较小 群众不必恐慌",
    "大功率抽水泵出租 地下室积水 抽完再付钱",
    # a debunk of foods that clash; a refusal; an 'anti-scam app' exposed; a number hung up on
    "食物相克大多没依据，菠菜和豆腐一起吃不会中毒",
    "有人让我帮忙出租手机卡，我说你去问问警察吧",
    "那种说装了就不会被骗的“防骗软件”，其实要你开远程控制，千万别装",
    "社保局的电话都直接挂，真有事会发短信通知到社区",
    "说吃了就能根治糖尿病的保健品，这也能信？",
    "楼下又贴办证小广告，我打了12345",
    # a question, a verdict, a warning, a raid told, a lawful fertiliser shop
    "自家鱼塘能炸鱼吗？问过派出所了，不行",
    "买弩要办证吗？想买一把练射箭",
    "隔壁村有人用土枪打野猪，结果判了三年",
    "加了依托咪酯的“上头电子烟”已经被管控了，千万别碰",
    "昨晚那家夜店被查了，好多人被带去验尿，抓了几个卖K粉的",
    "宿舍打牌带点彩头算赌博吗？一局五块",
    "化肥店到货硝酸铵钙，按规定实名购买，带身份证",
    # a licensed broker's and fund's disclosures, insults quoted to condemn them, a question
    "【某某期货】持牌经营，入金只走银期转账，期货有风险，投资需谨慎",
    "基金有风险，过往业绩不代表未来表现，本基金不保证最低收益",
    "说“河南人偷井盖”的，都啥年代了还玩地域黑",
    "群里在传东门有面包车抢孩子，是真的吗？求本地人说一下",
    "帮人拉人下载棋牌APP给提成，这个算不算违法",
    "开放大学招生，正常学习正常考试，拒绝买证，学信网可查",
    # a task scam refused, a link asked about, a gun handed in, a licensed blaster's rules
    "朋友圈说点赞一单5块，第三单让我垫付388，果断删了",
    "收到个ETC停用的短信，链接是etc-abc.top，这是官方的吗？",
    "老家叔叔以前打猎，猎枪早就上交了",
    "采矿实习，师傅说雷管炸药全部登记管理，我们碰都不让碰",
    "正规成人高考，国家承认学历，学信网可查",
    # a parent who called for the cameras, a call hung up on, a question, a pastry, a dark path
    "孩子说更衣室好像有人偷拍，已经联系场馆调监控",
    "刚接到“市场监管局”电话说要罚款，我说你报一下工号，对面就挂了",
    "有人说今晚全市限水三天，自来水公司有发通知吗？",
    "庙会上的炸糕十块钱三个，老板说祖传手艺",
    "有没有在马来西亚读书的家长，孩子说晚上不要一个人走小路",
    # speech against doxxing and abuse, a report to a platform
    "看到有人被人肉，别转发别评论，直接举报，不给流量",
    "举报理由：该用户辱骂他人，已附截图",
    # certificates got the lawful way, doxxing condemned or suffered, scam words listed to
    # be blocked, an official ban on private trades, a moderator called, a ring busted
    "住院一周出院了，单位要诊断证明，医生开了就交上去",
    "健康证去社区卫生中心办，一周出结果",
    "警方提醒：在网上公开他人住址、电话并煽动骚扰，可能构成违法",
    "别去开盒，那是违法的，骂两句就算了",
    "被人在群里人肉了怎么办？能报警吗",
    '大家注意，聊天里出现"保证金""解冻"这几个词的，直接拉黑举报',
    "官方公告：严禁私下交易账号，私下交易出了问题官方不管",
    "房管在吗，有人在公屏刷赌博链接",
    "赌球群群主被抓，查出上万条下注记录",
    "营养师：菠菜和豆腐相克这些说法都不成立",
    "我举报了那个发小卡片的号码，12321可以举报",
    # a work meeting shares its screen, a shop's wifi has a password, sweets sold two for one
    "明天线上会议记得开屏幕共享讲方案，会议号发群里了",
    "扫码连店里wifi，密码贴在收银台",
    "手工牛轧糖买二送一，新店开业欢迎来尝",
    # a museum's explosives, sweets through security, a mine's detonators signed out, a
    # warning against screen sharing, a cruise's notice, cards thrown away
    "博物馆展厅里有当年开山用的炸药箱，讲解员说得很详细",
    "出国过安检能带多少糖果和巧克力？给同事的伴手礼",
    "我们矿上领雷管要三个人签字，少一根都要报告",
    "不管谁让你下载会议软件开屏幕共享，都别做",
    "游轮公司通知：港务费已含在票价里，请勿向任何个人转账",
    "酒店门缝塞了好几张小卡片，直接扔了",
    # a one-star review, a group's ban on invoice adverts, Hong Kong's lawful lottery, a
    # helper wanted in Cantonese
    "给这家店打一星，服务太差了，不会再来",
    "群里别发代开发票的广告，发了直接踢",
    "马会六合彩今晚搅珠，头奖一亿，同事夹份买了十注",
    "搵人帮手搬屋，星期六，有偿，一个钟两百",
    # a mine's explosives talked about, a comic's explosion, a practice knife, dog food by
    # the bag, a photographer's deposit, a scammer's lines retold, leftovers handed in
    "矿上的炸药管得比黄金还严，领一次要三个人签字",
    "漫画里主角用炸药炸开城门那段太燃了",
    "蝴蝶刀练习刀 未开刃 新手入门 私聊",
    "狗粮一袋十五公斤，搬上楼累死",
    "摄影师接单 外景棚拍 合同加押金制 私信约档期",
    "骗子：我是你老同学。我：哪个？骗子：你不记得我了？借我两千",
    "村里广播：谁家有以前剩的雷管炸药，主动上交不追责",
    # a grandmother's phishing link told, a pyramid case reported, a lawful withdrawal, a
    # lesson on the law of doxxing
    '我奶奶收到"高龄补贴网上申领"的链接，让上传身份证和银行卡照片，幸好先问了我 gl-bt.top',
    '某公司以"共享经济"名义收会员费、发展下线，涉案人员达万人，主要负责人已被批捕',
    "公积金提取全程在APP上操作，没花一分钱手续费，不要信那些代办的",
    "普法：在网上散布他人住址电话、煽动骚扰，情节严重的要负刑事责任",
    # an app that wants every permission, uninstalled; a 'love perfume' called a tax on fools
    "小孩玩的游戏非要开启所有权限才能安装，我直接卸载了",
    "网上卖的所谓催情香水就是普通香水加噱头，别交智商税",
    # a death reported with its source, a relative's diagnosis, a funeral, a debunk
    "据警方通报，男子酒驾撞上护栏，送医后抢救无效死亡",
    "外公确诊肺癌晚期，医生说还能化疗，大家帮我想想办法",
    "我们村的老支书去世了，享年九十岁，一路走好",
    "网传某歌手跳楼了？工作室已辟谣，人好好的在录歌",
    # a case closed and reported, a kind word passed on
    "警方通报：男子偷税被罚，大家引以为戒，扩散",
    "听我姨亲口说的，她们医院新来的医生人特别好，从不收红包",
]


def _rules_fired(engine: Engine, text: str) -> list[str]:
    """The refs of the intent rules' signals on the text (whatever else the engine says)."""
    rules = next(d for d in engine.registry if isinstance(d, IntentRuleDetector))
    [signals] = rules.detect(engine.prepare([text]))
    return [s.ref for s in signals]


@pytest.mark.parametrize(
    "text",
    [
        "恭喜您获得春节红包补贴588元，点击 hongbao-lq.top 领取",
        "本市第二批消费券开抢，戳 quan-lingqu.xyz 申领，名额有限",
    ],
)
def test_a_handout_claimed_through_a_cheap_domain_is_a_phishing_rule(
    engine: Engine, text: str
) -> None:
    """(Whether the post is then reported as phishing or as fraud, the classifiers' topic,
    depends on the rest of its words: either way it is a finding.)"""
    assert "phishing.cheap_domain_claim" in _rules_fired(engine, text)
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category in (Category.PHISHING, Category.FRAUD)


@pytest.mark.parametrize(("category", "text"), OFFERS)
def test_offers_in_trade_context_are_found(engine: Engine, category: str, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.is_finding and verdict.category is Category(category), verdict.scores


@pytest.mark.parametrize(
    "text",
    [
        "兄弟们明晚老地方开赌局，底一百，带够现金，别带生人",
        "周六晚上在鱼塘边仓库开场子 推筒子 五百起押 抽头一成",
    ],
)
def test_a_card_den_for_cash_is_a_gambling_rule_not_topic_alone(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert verdict.category is Category.GAMBLING
    assert "gambling.promotion" in {s.ref for s in verdict.evidence}


@pytest.mark.parametrize(
    ("text", "cued"),
    [
        ("主播招聘，不收任何押金，底薪三千", False),
        ("入职无需任何保证金，合同先发你", False),
        ("入职不收培训费和保证金，合同先发你", False),  # the denial reaches the joined word
        ("入职不收培训费，保证金三百", True),  # but not past the clause
        ("主播招聘，押金三百，底薪三千", True),
    ],
)
def test_a_fee_denied_with_a_word_between_is_no_advance_fee_cue(
    engine: Engine, text: str, cued: bool
) -> None:
    assert ("fraud.cue.advance_fee" in _rules_fired(engine, text)) is cued


def test_an_old_classmate_who_sends_money_is_no_fake_acquaintance(engine: Engine) -> None:
    assert "fraud.acquaintance" not in _rules_fired(
        engine, "老同学，你妈住院的钱我先转你一万，不急着还"
    )
    assert "fraud.acquaintance" in _rules_fired(engine, "老同学，我换号了，急用钱，你先转我八千")


@pytest.mark.parametrize(
    ("text", "cued"),
    [("民宿只接受平台下单，不接私下转账", False), ("民宿可以私下转账，便宜五十", True)],
)
def test_a_host_who_takes_no_payment_off_the_platform_is_no_off_platform_cue(
    engine: Engine, text: str, cued: bool
) -> None:
    assert ("fraud.cue.off_platform" in _rules_fired(engine, text)) is cued


@pytest.mark.parametrize(
    "text",
    [
        "选课在学校教务系统 jwxt.moudaxue.edu.cn 用学号和身份证号后六位登录",
        "我的博客 myblog.top 支持微信登录评论",
        "出国申请要学校盖章的成绩单，教务处可查",
        "借呗周息怎么算的？我借款五千",
        "微粒贷日息万分之五，借款一万一天五块钱",
        # a real process, not an offer of a document
        "健康证在社区医院办，体检完一周出证，几十块钱",
        # a notice about something that is no benefit, forwarded
        "下个月起公司班车停发一趟，早班改七点，麻烦转发给同组的人",
        # 猪 inside the name of a scam is no contempt for a group
        "防骗课讲杀猪盘：男的一律加了就聊投资的，都要警惕",
        # 神仙水 is a skincare essence before it is a drug's street name
        "日本代购SK2神仙水，专柜小票齐全，到货再付款",
        # a household trade comes to the door too; an accounting firm registers companies
        "家电维修上门服务，空调清洗，电话138****0021",
        "代理记账、营业执照代办，正规财税公司，有执业资质",
        # a patient's prescription, a lost grandfather, a free clinic, a friend who gives
        "医生给我开了唑吡坦，一次半片，睡前吃，效果还行",
        "扩散寻人：我外公有点老年痴呆，今天早上走失，看到请联系",
        "社区义诊，到场送鸡蛋，免费量血压测血糖",
        "康复科的推拿医保能报，医生开单，一次20分钟，做了一个疗程",
        "照顾瘫痪的老妈五年了，每天翻身擦洗，哥哥只会打电话问",
        # a friend's opening, a birthday treat, a night at the internet café, a law on drugs
        "哥哥，我朋友开的烧烤店今天开业，过来捧场啊",
        "今天你生日，这顿你来买单，下次我请",
        "网吧包夜套餐35元，含网费和泡面，须满18岁",
        "提神的聪明药别乱买，那是管制的精神药品",
        "相亲软件认识的女生人很好，不是所有网上认识的男生女生都是骗子",
        # evidence held is no hostage
        "证据在我们手上，聊天记录都截图了",
        # the official way to draw a housing fund, a free meter, a school place by catchment
        "公积金提取可以在官方app办理，租房提取不收手续费",
        "燃气公司统一更换老旧燃气表，免费，不收一分钱",
        "听说孩子上学要找关系，其实按学区划片就行",
        "物业费在物业前台或者业主小程序缴纳就行，截止到月底",
        # a grandmother's charm, a temple's free rite, a prescription, a shop's honest advice
        "奶奶去庙里给我求了个平安符，说能保平安，心意最重要",
        "寺院开光法会周六举行，免费参加，不收任何费用",
        "医生说我睾酮偏低，开了处方药，按时复查",
        "体彩店老板说彩票没有必中技巧，理性购彩",
        # a phone's benchmark, a card opened at the counter
        "手机性能跑分出来了，安兔兔一百八十万，日常够用",
        "去银行开卡要本人带身份证，柜台办理",
        # a photographer who shoots no boudoir sets (不拍 denies the word after it)
        "约拍摄影师，不拍私房，不拍泳装，外景为主",
        # a plant to report, a hoax asked about
        "罂粟是毒品原植物，发现了要报派出所，不能自己种",
        "外卖麻辣烫里真的放罂粟壳吗？查了下是谣言",
        # points are dealt with at the official app; a studio's licence is shown in the shop
        "驾照扣分了在交管12123上处理，别信找人代扣分那一套",
        "婚纱摄影店营业执照店内可查，内外景套餐3999",
        # 一起 is together, not "from one"; a score is no price; bait, not shot
        "周末两家人一起去露营，帐篷我带，烧烤架你们带",
        "练了半年射箭，第一次十环，开心",
        "打窝弹弓配窝料弹，钢珠换成窝料，渔具店有现货",
        # a contest that sets no bets
        "钓鱼协会公开赛报名费两百，奖品由赞助商提供，不设任何竞猜和下注",
        # a training centre's certificate, checked where the authority publishes it
        "特种作业培训报名：考试合格由应急管理部门发证，全国联网可查，带身份证来",
        "社区卫生服务中心就能办健康证，体检抽血，一周左右出证",
        # pet food is no pellets; a pet sitter's visit is no sex offer; a seller refuses
        # payment in advance
        "进口狗粮本地代理，正品可查溯源码，批发价私聊",
        "春节上门喂猫，45元一次，铲屎换水，签服务协议",
        "收一双球鞋，预算两千，走平台，拒绝先款",
        # a trip booked and asked about: a ticket, its hotline, a refund that came
        "暑假去西安 机票酒店都订好了 有问题打航司客服电话就行",
        # a licensed visa service that promises nothing it cannot (保证 between denial
        # and word)
        "签证代办 材料整理 不保证包过 结果以使馆为准",
        # a market's rules: 禁止 denies the offer after it
        "跳蚤市场摊位须知：禁止出售仿真枪、管制刀具和烟花爆竹",
        # a deposit paid back, a carer who shows her papers, a platform's cut complained of
        "租车押金今天全额退回来了，原路退到微信",
        "月嫂持证上岗，体检报告可查，签三方合同",
        "平台抽成越来越高，跑一天到手两百出头",
        # a lender that takes no fee up front (不收取 denies), a verdict on a collector's threats
        "本公司放款前从不收取保证金，请勿相信任何收费要求",
        "判例：催收员到借款人家门口骚扰恐吓，被认定为寻衅滋事，判了拘役",
        # a poacher caught by the fishery patrol, a funeral home's price list
        "江上有人炸鱼被渔政巡查逮着了，炸药哪来的还在查",
        "殡仪馆收费标准：遗体火化六百元，告别厅每小时三百元，骨灰盒自选",
        # mahjong for money raided (大麻将 holds no drug), a school's toy-gun warning
        "茶馆里打大麻将一局几百块，昨晚被警察端了",
        "学校提醒：别给孩子买能打塑料弹的仿真枪玩具",
        # a licensed trade's course, a lawful KTV's job advert, a mahjong room's notice
        "叉车证正规培训 统一考试 学费一千五 包食宿",
        "招KTV服务员 负责包厢清洁 营业执照可查 月薪四千",
        "本棋牌室只提供场地 每台每小时20元 严禁任何形式赌博",
        # a bust, a learner's question; a hospital deposit paid back; a wife's joke
        "住院押金出院时退了一部分，原路返回到医保卡绑定的银行卡",
        "老婆说我天天研究比特币走火入魔，让我先去拖地",
        "药店医保卡可以刷，处方药要凭医生处方购买",
        "一个卖四六级答案的团伙被端了，据说收了几百个学生的钱",
        "国家助学贷款的续贷合同要回生源地签吗",
        # a creator telling a tutorial's price, a school's own notice of an exam's rules
        "剪辑教程我自己录的，三十九一套，不满意七天内退",
        "考试期间严禁携带耳机等电子设备，违者按作弊处理",
        # a wedding planner paid through its company account, families agreeing a bride price
        "婚礼策划老店，营业执照可查，款项走对公账户",
        "两家商量好了，彩礼八万八，嫁妆陪一辆车",
        # a carrier's upgrade and a rescue group's honest accounts
        "流量包升级为30元套餐，下个月生效，回复取消可退订",
        "救助站本月收到捐款两千三，手术费和猫粮的票据都贴在群公告",
        # asking for stamps, a fridge and a lesson's video: no drug, no craving
        "谁有集邮册 想收几张纪念邮票",
        "冰箱谁有二手的 想要一台 急",
        "有没有笑气危害的科普视频 给学生上课用",
        # a snack, instant coffee and a home bakery in words that offers borrow
        "天津大麻花 真空包装 包邮 送长辈",
        "速溶咖啡包 三合一 一箱48包 超市渠道批发",
        "私房烘焙 生日蛋糕 私聊看图 同城配送",
        # 下注 alone is a bet told, not a betting ring; 盘口 is also a stock trader's word
        "男朋友每场球都要下注 房租都输没了",
        "炒股软件 盘口逐笔 主力资金监控 首月9.9",
        # an artist's queue of commissions is no pyramid's queue
        "约稿 Q版头像三十一张 排单到下个月",
        # 冰 inside an everyday word is no drug
        "冰淇淋到货，派对用，私信下单",
        "单身派对破冰游戏，每人168，报名私信",
        # stamps collected, fish seen at home, private lotteries warned against
        "集邮爱好者出一套生肖邮票，品相好，私聊",
        "出锦鲤两条，同城上门看鱼，价格私聊",
        "外面那些代买竞彩的都是私彩，小心被骗",
        # an app's own package is no document in disguise
        "下载安卓版app，官网有apk安装包",
        # a doctor's warning, a job fair's fee for employers, a negotiator's chips
        "医生说高血压不按时吃药会中风，千万别自己停药",
        "熬夜太多小心醒不过来，千万别再通宵了",
        "人才招聘会本周六举行，企业报名费200元，求职者免费入场",
        "谈判的时候手里要有筹码，平台方也会让步",
        # written against each rule of 2026.12.20-22: a meeting's shared screen, a shop's
        # checkout, a job fair, an installer, a tour's restaurant, a band's sponsor, a museum
        "想帮奶奶p遗照，换身正装和蓝底，照相馆说可以做",
        "明天视频会议财务会共享屏幕，教大家报销流程怎么填",
        "网课老师开共享屏幕演示怎么核对账户流水，讲得很细",
        "客户开了屏幕共享，我远程帮他核对货款对账单，终于对平了",
        "App装不上？别忽略风险提示，去官方应用商店下载才安全",
        "手机银行扫一扫就能在ATM取钱，但取款密码还是要输",
        "居委会组织健康讲座，免费领体检报告，医生说保健品别乱买",
        "模特招募：拍摄费由我们承担，每场另付300元劳务费",
        "工厂招工，工作服由公司统一采购免费发，底薪4000元",
        "IT通知：报销客户端expense_setup.exe和使用手册都在内网资料区",
        "驾校发的资料里有个题库kaoshi.apk，教练说科目一刷这个",
        "景点旁边的餐厅有最低消费，团友们可以自己带点吃的",
        "我们乐队在找金主赞助巡演，会员制众筹，每月给歌迷寄周边",
        "独立游戏工作室寻金主，月1w就能撑半年，有意私聊要项目书",
        "博物馆展出一把三棱军刺，开刃的，很锋利，门票30元值得看",
        # tea grown at home is no leaf of the drug trade
        "家里自种的茶叶，明前的，要的私",
    ],
)
def test_lawful_posts_in_a_rules_words_fire_no_rule(engine: Engine, text: str) -> None:
    """(The n-gram models may still read their topic: that is not the rules' doing.)"""
    assert not _rules_fired(engine, text)


@pytest.mark.parametrize("text", INNOCENT)
def test_the_same_words_without_intent_are_left_alone(engine: Engine, text: str) -> None:
    [verdict] = engine.run([text])
    assert not verdict.is_finding, (verdict.category, [s.ref for s in verdict.evidence])


def test_a_screen_shared_to_move_money_is_a_phishing_rule(engine: Engine) -> None:
    """(The classifiers may name the post fraud by its topic: either way it is a finding.)"""
    text = "您的退款已到账，请加入视频会议开启屏幕共享，我们协助您完成提现操作"
    assert "phishing.screen_share" in _rules_fired(engine, text)
    assert not _rules_fired(engine, "明天线上会议记得开屏幕共享讲方案，会议号发群里了")


def test_a_disease_pinned_on_a_named_cook_by_hearsay_is_defamation(engine: Engine) -> None:
    """(The classifiers may read the same post as a health hoax, which it is too: either
    way it is a finding.)"""
    text = "烧饼铺的老刘有肺结核还天天揉面，他邻居亲口说的，买过的赶紧去查"
    assert "insult.defame_hearsay" in _rules_fired(engine, text)
    [verdict] = engine.run([text])
    assert verdict.category in (Category.INSULT, Category.RUMOUR)


def test_controlled_knives_sold_without_checks_are_a_guns_rule(engine: Engine) -> None:
    """(The classifiers may read the trade as fraud: either way it is a finding.)"""
    text = "蝴蝶刀 直跳刀 全开刃 不走实名 私我"
    assert "guns.controlled_knife" in _rules_fired(engine, text)
    [verdict] = engine.run([text])
    assert verdict.is_finding


def test_scammers_named_in_a_warning_are_no_contempt_for_the_old(engine: Engine) -> None:
    """老人 ... 都是骗子: the scammers are the liars, not the old people warned about them."""
    assert "insult.group_contempt" not in _rules_fired(engine, "要验证码的都是骗子，转告家里老人")
    assert "insult.group_contempt" in _rules_fired(engine, "村里的老人都是骗子，一个比一个精")


def test_a_rule_names_itself_and_points_at_the_words_that_carried_it(engine: Engine) -> None:
    text = "出一把气狗 出口动能60焦 不是玩具 私聊"
    [verdict] = engine.run([text])
    refs = {s.ref for s in verdict.evidence if s.detector == "intent"}
    assert "guns.item_power" in refs
    spans = [text[s.start : s.end] for s in verdict.evidence if s.detector == "intent"]
    assert "气狗" in spans and "出口动能" in spans


@pytest.mark.parametrize(
    ("text", "urged"),
    [
        ("小时候听说过拐卖小孩的事，我妈从来不让我一个人去镇上", False),
        ("据说那年地震的时候我家老房子裂了条缝，后来就拆了", False),
        ("城北自来水有毒，已经好几个孩子住院了，赶紧告诉家人别喝", True),
        ("听说城北自来水有毒，快转给家里人，千万别喝", True),
    ],
)
def test_hearsay_is_no_urge_to_spread_a_rumour(engine: Engine, text: str, urged: bool) -> None:
    """听说 and 据说 tell what one heard: with a frightening word they are a memory or a
    story, not a push to pass a hoax on (`spread_urge`); an urge still makes the rule."""
    [verdict] = engine.run([text])
    refs = {s.ref for s in verdict.evidence if s.detector == "intent"}
    assert ("rumour.panic_urge" in refs) is urged, (verdict.category, refs)


def test_ascii_words_count_only_standing_alone() -> None:
    normaliser = build_normaliser()
    detector = IntentRuleDetector(
        {
            "version": "t",
            "groups": {"g": ["bc"], "t": ["注册"]},
            "rules": [{"name": "x", "category": "gambling", "weight": 0.8, "need": ["g", "t"]}],
        },
        normaliser,
    )
    inside = normaliser.normalise("注册 abcd.cn")
    alone = normaliser.normalise("bc 注册")
    found = detector.detect([Item(inside, extract(inside.folded)), Item(alone, [])])
    assert found[0] == [] and found[1]


@pytest.mark.parametrize(
    "document",
    [
        {
            "version": "t",
            "groups": {},
            "rules": [{"name": "x", "category": "fraud", "weight": 0.5, "need": ["nope"]}],
        },
        {
            "version": "t",
            "groups": {"g": ["a"]},
            "rules": [{"name": "x", "category": "normal", "weight": 0.5, "need": ["g"]}],
        },
        {
            "version": "t",
            "groups": {"g": ["a"]},
            "rules": [{"name": "x", "category": "fraud", "weight": 1.5, "need": ["g"]}],
        },
        {
            "version": "t",
            "groups": {"g": ["a"]},
            "rules": [{"name": "x", "category": "fraud", "weight": 0.5}],
        },
        {"version": "t", "groups": {"g": ["★"]}, "rules": []},
    ],
)
def test_malformed_rules_are_refused_with_a_reason(document: dict[str, object]) -> None:
    with pytest.raises(RuleError):
        IntentRuleDetector(document, build_normaliser())


def test_every_shipped_rule_fires_on_some_street_post_and_every_category_has_rules(
    engine: Engine,
) -> None:
    """No dead rule: each one carries at least one post of the street set's train part."""
    rules = load_json("rules/v1/intent.json")["rules"]
    assert len({r["name"] for r in rules}) == len(rules)
    assert {r["category"] for r in rules} == {c.value for c in Category if c.is_violation}
    [intent] = [d for d in engine.registry if d.get_name() == "intent"]
    texts = [r.text for r in load_labelled(data.path("street/train.jsonl"))]
    fired = {s.ref for signals in intent.detect(engine.prepare(texts)) for s in signals}
    assert [r["name"] for r in rules if r["name"] not in fired] == []
