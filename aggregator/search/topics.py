"""Topics: saved searches published as feeds (``topic/<id>.*``), from ``[[topics]]`` in the
config plus a built-in set for federation staff (off with ``builtin_topics = false``).

A configured topic with a built-in id replaces the built-in one. Every mistake is one
:class:`ConfigError` naming the file, the key (``topics[2].query``) and the value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aggregator.errors import ConfigError
from aggregator.provinces import PROVINCES
from aggregator.schema import SITE_KINDS
from aggregator.search.query import Query, QuerySyntaxError, parse_query

_ID = re.compile(r"^[a-z0-9-]+$")
_KEYS = ("id", "name", "query", "provinces", "kinds")


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    query_text: str
    query: Query
    provinces: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()


BUILTIN_TOPIC_ENTRIES: tuple[dict[str, Any], ...] = (
    {"id": "khoa-hoc-cong-nghe", "name": "Khoa học và công nghệ",
     # "nghiên cứu" only as research ("nhóm nghiên cứu" ...): alone it is also a department "studying" a
     # traffic plan; "đề tài" only as a research project (alone: an art theme); tissue culture as a method
     # ("phương pháp nuôi cấy mô"), not the seedlings a farmer plants; a preparation by its kind ("chế phẩm
     # sinh học"), not any "chế phẩm" a farmer is handed; hydroponics is an established technique
     # (nong-nghiep-cong-nghe only); trials by their verb ("trồng thử nghiệm"; "thử nghiệm" alone also opens
     # roads and fairs); digital maps and satellite images an agency adopts are chuyen-doi-so only; out:
     # scam reports ("bị lừa", "lừa đảo") and traffic-fine cameras ("phạt nguội": adopted software); a
     # species "mới cho khoa học" and clinical trials are research; a "hội thảo khoa học" alone is not (a
     # union's heritage seminar: lien-hiep-hoi only), nor "nhà nghiên cứu" (there: the historians); trials
     # by their verbs ("trồng thử", "gieo thử", "nuôi thử" ...) and results ("kết quả thử nghiệm"), field
     # surveys ("khảo sát thực địa", "nhóm khảo sát", "đa dạng sinh học"), new species and AI models trained
     # ("huấn luyện mô hình"); a hospital's new procedure ("thực hiện thành công kỹ thuật": its first
     # percutaneous kidney-stone removal; "can thiệp nội mạch", "phẫu thuật nội soi", "đặt stent" ...), not
     # "can thiệp" alone (authorities intervene too); a trial by its seasons ("hai vụ thử nghiệm", "một năm
     # thử nghiệm"), artificial breeding ("sinh sản nhân tạo"), a medicinal-plant inventory ("loài cây
     # thuốc"), a device installed on trial ("lắp đặt thử nghiệm"); microbes only as a preparation ("chế
     # phẩm vi sinh"): "vi sinh" alone is the farmer's own input (biofloc); machine learning ("học máy"); a
     # skills course ("bồi dưỡng kỹ năng": a union's digital-skills class with a session on AI tools) or a
     # training course ("lớp tập huấn": composting with a microbial preparation) is training, not research;
     # a hospital's new endoscopic operation ("mổ nội soi", "qua nội soi") and 3D-printed models ("in 3d")
     # are; AI cameras catching traffic offences ("vi phạm giao thông") are adopted software; a survey by
     # its rounds ("đợt khảo sát"), a machine's test runs ("chạy thử": an association improving a
     # cooperative's dryer); a factory's groundbreaking ("khởi công nhà máy") names its firm's "Công nghệ"
     # without research; a procedure through a catheter ("ống thông": a first valve replacement or
     # embolisation), a clot removed from the brain ("lấy huyết khối"); a farmer's biofloc pond ("biofloc")
     # is an established technique, not research (a first biofloc pond in an area is, and is lost: 3 tuning
     # articles for 8 wrong ones); a trial's control plot or lot ("đối chứng"), a survey's results ("kết quả
     # theo dõi": sea-turtle nests over two seasons), a trial by its rounds ("đợt thử nghiệm": feeding
     # trials on households' pigs), a dryer's test runs ("sấy thử"), a heat pump ("bơm nhiệt": an
     # association's improved dryers name it, farms do not), a fish first bred artificially ("đẻ nhân tạo";
     # "nhân tạo" alone is also an artificial lake or turf), an embolisation ("nút mạch"), a hospital's
     # first operation by its idiom ("thực hiện thành công ca"), a lab's process ("nghiên cứu quy trình"), a
     # device installed or a system tried on trial ("lắp thử", "thử nghiệm hệ thống": smart light traps,
     # nano-bubble aerators), a tumour ablation ("đốt u"), a salt-tolerant line ("chịu mặn": a seed centre's
     # rice bred over six seasons, first sown on farms), a survey by its seasons ("mùa khảo sát": bats in
     # caves over a dry and a wet season), a lab's extraction ("chiết xuất": a coagulant from moringa
     # seeds), an operation through an endoscope ("qua nội soi": a first early stomach cancer removed
     # without an incision). Near the 96 terms a query may hold: "liên kết nghiên cứu", "độc quyền sáng chế"
     # (inside "bằng độc quyền sáng chế"), "nhà sáng chế", "tuyến điều tra", "phòng nuôi cấy mô", "kết quả
     # nghiên cứu", "tạp chí quốc tế", "vật liệu mới", "điều tra thực địa", "trung tâm nghiên cứu", "đề tài
     # khoa học", "drone", "sáng tạo kỹ thuật", "lai tạo", "phục tráng", "kỹ thuật mới", "iot", "thử nghiệm
     # thành công", "đề tài nghiên cứu", "bằng nuôi cấy mô", "kỹ thuật nội soi", "đường mổ" (other words of
     # surgery name the same operations), "mẻ sấy" (dryers' trials are named by "sấy thử" and "bơm nhiệt")
     # and "tim mạch can thiệp" (a department's name; "can thiệp tim mạch" stays; no tuning article needs
     # them) made room; in round 45 "kỹ thuật can thiệp" and "thay khớp" (a hospital's first procedure is
     # named by "thực hiện thành công kỹ thuật" or "ca" now) made room for it and for drone light shows
     # ("trình diễn ánh sáng": 500 hired drones opening a festival are entertainment, out).
     "query": '"công nghệ" OR "nhóm nghiên cứu" OR "viện nghiên cứu" '
              'OR "công trình nghiên cứu" '
              'OR "nghiên cứu khoa học" '
              'OR "nghiệm thu đề tài" OR "nhiệm vụ khoa học" '
              'OR "hội đồng khoa học" OR "phòng thí nghiệm" '
              'OR "viện khoa học" '
              'OR "hội nghị khoa học" OR "tọa đàm khoa học" OR "nhà khoa học" '
              'OR "trí tuệ nhân tạo" OR "cảm biến" OR "chuyển giao quy trình" '
              'OR "chuyển giao giống" OR "khảo nghiệm" OR "chọn tạo" '
              'OR "nhân giống" OR "phương pháp nuôi cấy mô" '
              'OR "ứng dụng khoa học" '
              'OR "chế tạo" OR "robot" OR "tự động" OR "định vị" '
              'OR "không người lái" '
              'OR "ý tưởng sáng tạo" OR "giải thưởng sáng tạo" OR "thi khoa học kỹ thuật" '
              'OR "chế phẩm vi sinh" OR "chế phẩm sinh học" OR "nấm đối kháng" '
              'OR "bằng sáng chế" OR "bằng độc quyền" '
              'OR "trồng thử" OR "cấy thử" OR "gieo thử" OR "nuôi thử" OR "thả thử nghiệm" '
              'OR "kết quả thử nghiệm" OR "khảo sát thực địa" '
              'OR "kết quả khảo sát" OR "nhóm khảo sát" OR "đa dạng sinh học" '
              'OR "loài mới" OR "huấn luyện mô hình" OR "thực hiện thành công kỹ thuật" '
              'OR "phẫu thuật nội soi" '
              'OR "can thiệp nội mạch" OR "can thiệp tim mạch" OR "đặt stent" '
              'OR "vụ thử nghiệm" OR "năm thử nghiệm" OR "sinh sản nhân tạo" OR "loài cây thuốc" '
              'OR "lắp đặt thử nghiệm" '
              'OR "cuộc thi sáng tạo" OR "hội thi sáng tạo" OR "tin học trẻ" '
              'OR "mới cho khoa học" OR "thử nghiệm lâm sàng" OR "thi lập trình" '
              'OR "nghiên cứu và phát triển" '
              'OR "học máy" OR "mổ nội soi" OR "in 3d" '
              'OR "đợt khảo sát" OR "ống thông" OR "lấy huyết khối" OR "chạy thử" '
              'OR "đối chứng" OR "kết quả theo dõi" '
              'OR "đợt thử nghiệm" OR "sấy thử" OR "bơm nhiệt" OR "đẻ nhân tạo" '
              'OR "nút mạch" OR "thành công ca" OR "nghiên cứu quy trình" OR "lắp thử" '
              'OR "thử nghiệm hệ thống" OR "đốt u" OR "chịu mặn" OR "mùa khảo sát" OR "chiết xuất" '
              'OR "qua nội soi" '
              '-"phạt nguội" -"vi phạm giao thông" -"bị lừa" -"lừa đảo" -"bồi dưỡng kỹ năng" '
              '-"lớp tập huấn" -"khởi công nhà máy" -"biofloc" -"trình diễn ánh sáng"'},
    {"id": "doi-moi-sang-tao", "name": "Đổi mới sáng tạo và khởi nghiệp",
     # inventions ("sáng chế": a farmer's or an engineer's patent), ideas contests ("thi ý tưởng"; not
     # "nghiên cứu và phát triển" since round 45: in the tuning sets it was a research centre's name six
     # times, each trialling its new variety, and a firm's R&D centre once), maker spaces, programming
     # contests, machines a firm or a farmer designs and builds itself ("tự thiết kế", "tự chế tạo"; not
     # "chế tạo thành công": a university lab's new material or tray is research, not innovation), staff's
     # recognised improvements ("sáng kiến"), a device or a machine by its maker's verb ("chế thiết bị",
     # "chế máy": a pupil's alarm, a farmer's huller), robot contests, a patent by its certificate ("bằng
     # độc quyền"), a firm's founders ("sáng lập": of a laundry app, a food-delivery app, a farm-stay
     # booking app) and its funding round ("gọi vốn"), a founder's trial and error ("thử đi thử lại": a
     # recipe refined for a year before a product sold) and the brand a founder builds ("xây dựng thương
     # hiệu", or "gây dựng" anything: a dried-shrimp, a dried-mango, a ginger-candy business) and the
     # maker's tinkering ("mày mò": a pupil's cane for his blind grandfather, a founder's first batches of
     # mango rice paper); not the "sáng kiến" of the Party's emulation campaigns ("Dân vận khéo", "Mỗi đảng
     # viên một sáng kiến"), nor a ceremony honouring intellectuals ("tôn vinh") that lists a patent among
     # their results, nor a union's review ("tư vấn, phản biện") of a draft policy supporting startups;
     # design contests ("cuộc thi thiết kế") are creative contests
     "query": '"đổi mới sáng tạo" OR "khởi nghiệp" OR "hội thi sáng tạo" OR "cuộc thi sáng tạo" '
              'OR "giải thưởng sáng tạo" OR "sáng tạo kỹ thuật" OR "ý tưởng sáng tạo" '
              'OR "sinh viên chế tạo" OR "nhóm sinh viên" OR "sinh viên nghiên cứu khoa học" '
              'OR "tin học trẻ" OR "thi khoa học kỹ thuật" OR "đổi mới công nghệ" OR "startup" '
              'OR "ươm tạo" OR "không gian sáng tạo" OR "thi lập trình" OR "robocon" OR "sáng chế" '
              'OR "thi ý tưởng" '
              'OR "tự thiết kế" OR "tự chế tạo" OR "sáng kiến" '
              'OR "chế thiết bị" OR "chế tạo thiết bị" OR "chế máy" OR "thi robot" OR "robotics" '
              'OR "bằng độc quyền" OR "cuộc thi thiết kế" OR "sáng lập" OR "gọi vốn" OR "thử đi thử lại" '
              'OR "xây dựng thương hiệu" OR "gây dựng" OR "mày mò" '
              '-"dân vận khéo" -"đảng viên một sáng kiến" '
              '-"tôn vinh" -"tư vấn phản biện"'},
    {"id": "chuyen-doi-so", "name": "Chuyển đổi số",
     # e-services by name ("hồ sơ điện tử" ...), not "điện tử" alone: that is also e-cigarettes, mechatronics
     # and a solenoid valve ("van điện từ"); scams ("chiếm đoạt", "bị lừa") name apps too; "nền tảng" is a
     # platform, except in "nền tảng tư tưởng" (of the Party); apps by their users ("người dùng"), by name
     # ("zalo") and as "app", selling by livestream, image recognition ("nhận dạng": a pupil's drowsiness
     # camera), a phone app ("ứng dụng điện thoại", "trên điện thoại"), deep and machine learning ("học sâu",
     # "học máy") and a model trained ("huấn luyện mô hình"); identity as the e-ID ("định danh điện tử"),
     # not a botanist naming a species, nor the
     # pretext of scammers posing as someone ("giả danh": police or power-company staff); an app by what it
     # lets its users do ("ứng dụng cho phép"); work done remotely ("từ xa": a district hospital's remote
     # consultations, pumps switched on from a phone); programming ("lập trình": pupils' Scratch contests); a
     # booking app ("ứng dụng đặt": rooms, mechanics, farm tours) or a rental one ("ứng dụng cho thuê"),
     # one that calls a worker ("ứng dụng gọi": boat mechanics at a fishing port);
     # out: a technical-creativity contest's results ("hội thi sáng tạo kỹ thuật"), which list software
     # among machines and remedies (creativity, not a digital service)
     "query": '"chuyển đổi số" OR "số hóa" OR "công nghệ số" OR "tổ công nghệ số" '
              'OR "bản đồ số" OR "trí tuệ nhân tạo" OR "camera ai" OR "phần mềm" OR "ảnh vệ tinh" '
              'OR "dữ liệu số" OR "trung tâm dữ liệu" OR "dữ liệu cá nhân" '
              'OR "điện toán đám mây" OR "dịch vụ công" OR "nộp trực tuyến" '
              'OR "dữ liệu trực tuyến" OR "thanh toán trực tuyến" OR "ứng dụng trên điện thoại" '
              'OR "ứng dụng di động" OR "đô thị thông minh" OR "vé điện tử" OR "ví điện tử" '
              'OR "qr" OR "không dùng tiền mặt" OR "thực tế ảo" OR "nền tảng" OR "kinh tế số" '
              'OR "chính phủ số" OR "xã hội số" OR "kỹ năng số" OR "hạ tầng số" OR "chữ ký số" '
              'OR "định danh điện tử" OR "vneid" OR "trên ứng dụng" OR "cài ứng dụng" '
              'OR "cài đặt ứng dụng" OR "tải ứng dụng" OR "trợ lý ảo" OR "thí nghiệm ảo" '
              'OR "cơ sở dữ liệu" OR "thương mại điện tử" OR "hồ sơ điện tử" OR "bệnh án điện tử" '
              'OR "sổ điểm điện tử" OR "học bạ điện tử" OR "hóa đơn điện tử" '
              'OR "giao dịch điện tử" OR "thanh toán điện tử" OR "sức khỏe điện tử" '
              'OR "chính quyền điện tử" OR "không tiền mặt" OR "công nghệ thông tin" '
              'OR "an toàn thông tin" OR "đề án 06" OR "5g" OR "học bạ số" '
              'OR "hệ thống thông tin địa lý" OR "gis" OR "kết nối internet" '
              'OR "ứng dụng kết nối" OR "livestream" OR "phát trực tiếp" OR "zalo" '
              'OR "lượt tải" OR "tin học trẻ" OR "nhận dạng" OR "app" OR "ứng dụng điện thoại" '
              'OR "trên điện thoại" OR "học sâu" OR "học máy" OR "huấn luyện mô hình" '
              'OR "người dùng" OR "ứng dụng cho phép" OR "từ xa" OR "lập trình" OR "ứng dụng đặt" '
              'OR "ứng dụng cho thuê" OR "ứng dụng gọi" '
              '-"chiếm đoạt" -"bị lừa" -"nền tảng tư tưởng" -"giả danh" -"hội thi sáng tạo kỹ thuật"'},
    {"id": "lien-hiep-hoi", "name": "Hoạt động Liên hiệp hội",
     # the unions' own review work ("tư vấn, phản biện", "giám định xã hội"), not "phản biện"
     # alone (the Fatherland Front's "hội nghị phản biện xã hội", critical thinking); member
     # associations by name (a feed reads "hội đông y" as spelt, not as "Hội đồng Y khoa")
     "query": '"liên hiệp hội" OR "liên hiệp các hội" OR "vusta" OR "lhh" '
              'OR "các hội thành viên" OR "tư vấn phản biện" OR "giám định xã hội" '
              'OR "hội thảo phản biện" OR "phản biện dự án" OR "phản biện quy hoạch" '
              'OR "trí thức" OR "hội khoa học" OR "hội thủy sản" OR "hội nghề cá" '
              'OR "hội làm vườn" OR "hội nông học" OR "hội cơ khí" OR "hội dược học" '
              'OR "hội y học" OR "hội y dược" OR "hội đông y" OR "hội châm cứu" '
              'OR "hội điều dưỡng" OR "hội thủy lợi" OR "hội tin học" OR "hội xây dựng tỉnh" '
              'OR "hội kiến trúc sư" OR "hội cầu đường" OR "hội chăn nuôi" OR "hội thú y" '
              'OR "hội giống cây trồng" OR "hội bảo vệ thực vật" OR "hội địa chất" OR "hội tâm lý" '
              'OR "hội bảo vệ thiên nhiên" OR "hội bảo vệ môi trường" OR "hội sinh vật cảnh" '
              'OR "hội kỹ sư"'},
    {"id": "nong-nghiep-cong-nghe", "name": "Nông nghiệp ứng dụng công nghệ",
     # farming, AND a technique; "nông nghiệp" only as production ("ngành", "sản xuất" ...): alone it is the
     # "Sở Nông nghiệp và Môi trường" and a field in a list; growing and raising ("trồng", "nuôi", read as
     # spelt: not "trong"), rice and coffee, not tea ("chè" is also a processing sector in economic news);
     # "nhà kính" is no greenhouse in "khí nhà kính" (NOT_MENTIONS); "tập huấn" is no technique (farmers are
     # trained to sell online too), grafting, fertilising, spraying and pest control ("phòng trừ") are;
     # "phòng bệnh" is not (a clinic's advice); medicinal herbs ("dược liệu") are a pharmacy topic as often
     # as a crop; a ceremony honouring scientists ("tôn vinh") lists a rice variety among other results;
     # grafting ("ghép mắt"; round 48 left its other words to the articles' other farming words); a farm's
     # timers, biogas, misting, foliar feeds ("phân bón lá"), off-season flowering ("nghịch vụ"), lined
     # ponds and tanks ("lót bạt", "bể bạt"), fruit bagging ("bao trái"), pheromone traps and sowing,
     # transplanting or planting on trial ("gieo thử", "cấy thử", "trồng thử") are techniques too; a
     # research team ("nhóm nghiên cứu") is not: its lab, conservation and mapping work names farms without
     # being farming; a startup's funding round ("gọi vốn") for a farm app or farm tours is business, not
     # farming, nor is a union's creativity-contest summary ("giải pháp đạt giải") that lists a farm
     # machine, nor a contest's award ceremony ("trao giải hội thi") or a technology fair's stalls ("chợ
     # công nghệ"); fruit trees ("cây ăn quả"), top-dressing ("bón thúc": a drone spreading it on
     # sugarcane), spraying a preparation ("phun chế phẩm": a drone on tea hills, where "chè" is no farming
     # word), a seeder ("máy gieo"), flower induction ("xử lý ra hoa"), black soldier flies ("ruồi lính
     # đen"), a trial against a control lot ("đối chứng"), irrigation ("tưới": orchards watered by sensors);
     # a union's review of a high-tech farming zone's plan ("phản biện") is lien-hiep-hoi's, not farming,
     # nor is a factory's groundbreaking ("khởi công nhà máy": a timber firm named "Công nghệ"); drip
     # irrigation as "tưới nhỏ giọt" (and "tưới"), not "nhỏ giọt" alone (a coffee grower selling "nhỏ giọt":
     # a little at a time); fruit trees by their southern name too ("cây ăn trái"), fertiliser applied on
     # trial ("bón thử": a union's compost on households' orchards); a self-propelled machine ("tự hành": a
     # fertiliser spreader between dragon-fruit rows); "tưới" is no irrigation in a scan's perfusion ("tưới
     # máu"); unfired bricks ("gạch không nung") are building material even when made of a farm's waste or
     # shells from oyster rafts ("nuôi"); silage ("ủ chua": a goat farm's feed for the dry season); out:
     # pupils' science fairs ("cuộc thi khoa học kỹ thuật": a salinity alarm for a field's inlet wins a
     # prize, not a farm's technique) and hydrolysing by-products ("thủy phân": fish heads into feed, a
     # processing plant's work); a nursery house ("nhà ươm": tea cuttings under sensors), a biofilter ("lọc
     # sinh học": crabs in boxes on recirculated water); out: heat-pump dryers ("bơm nhiệt": an
     # association's dryer for coffee cherries is processing) and separating machines ("máy tách": seeds
     # from custard apples, husks from coffee, after the harvest); a flock ("đàn gà": free-range chickens in
     # a feed trial), an antagonistic fungus ("nấm đối kháng": Trichoderma in a pepper garden's compost);
     # out: tumours ("khối u": a hospital's embolisation cuts the vessels that "nuôi" it) and washing
     # machines for produce ("máy rửa": carrots washed and graded after the harvest). Near the 96 terms:
     # "bẫy pheromone", "phân bón lá", "dây nhỏ giọt", "không bùn", "rừng gỗ lớn" (no tuning article needs
     # them as terms) and the second copies of "ghép cành", "mắt ghép" and "ghép chồi" (grafting words count
     # as farming; as the technique, every tuning article with them also names another), "chủ vườn" (with
     # "nhà vườn" and the crops) and the technique-side copies of "nhà màng" and "nhà kính" (as farming
     # words they stay) and "thâm canh" (intensive growing is routine, not a technique), "cây giống", the
     # technique-side "cơ giới hóa" and "nhà lưới" (every tuning article with them names another) and "giống
     # mới" (a new variety is research as often as farming: one wrong hit out) made room. Round 44: "công
     # nghệ" alone is no technique any more (a lab's pectin or food film, a seminar on mine water, a list of
     # S&T tasks: five wrong hits out; every tuning farm article with it names a technique too), nor are
     # "thanh long" and "cánh đồng" farming words (every tuning article with them names another; a
     # dragon-fruit price report and two lab studies out); rain-gun irrigation ("phun mưa") and grafting on
     # trial ("ghép thử") are techniques; out: youth programming contests ("tin học trẻ": a winning app for
     # farmers does not make the contest farming). Round 45: swiftlet houses ("nhà yến": sensors switching
     # the misting in them) are farming; "mắt ghép" made room (every tuning article with it names another
     # grafting word). Round 47: organic fertiliser ("phân hữu cơ": a compost of sawdust and chicken manure
     # tried on households' cabbage, a course on composting for tea) is farming; out: embolisation ("nút
     # mạch": a hospital's procedure on a prostate, whose vessels "nuôi" it); "chăn nuôi" (always also a
     # "nuôi") and the technique-side "iot" (every tuning article with it also names a sensor or an app)
     # made room. Round 48: nursery rearing ("ương giống": sensors in a hatchery's snail tanks) is farming,
     # a trial by its rounds ("đợt thử nghiệm": a herbal spray against ticks on households' cattle) a
     # technique; "ghép cành" and "ghép chồi" made room (every tuning article with them names another
     # farming word; grafting stays as "ghép mắt" and "ghép thử").
     "query": '"nông dân" OR "nông hộ" OR "nhà vườn" OR "nuôi" OR "trồng" OR "canh tác" '
              'OR "lúa" OR "cà phê" OR "trang trại" OR "phân hữu cơ" '
              'OR "công nhận giống" '
              'OR "ngành nông nghiệp" OR "sản xuất nông nghiệp" OR "nông nghiệp công nghệ cao" '
              'OR "phụ phẩm nông nghiệp" OR "khuyến nông" '
              'OR "nhân giống" OR "phục tráng" OR "nhà màng" OR "nhà kính" OR "ghép mắt" '
              'OR "bón phân" OR "phun thuốc" '
              'OR "cây ăn quả" OR "bón thúc" OR "phun chế phẩm" OR "máy gieo" '
              'OR "cây ăn trái" OR "bón thử" OR "nhà ươm" OR "đàn gà" OR "nhà yến" OR "ương giống" '
              'OR "tưới" '
              '"kỹ thuật" OR "quy trình" OR "thiết bị" OR "cảm biến" '
              'OR "không người lái" OR "ứng dụng" '
              'OR "viện nghiên cứu" OR "vi sinh" OR "chế phẩm" OR "phần mềm" OR "chế tạo" '
              'OR "bằng máy" OR "cải tiến" OR "nhân tạo" OR "khảo nghiệm" '
              'OR "chọn tạo" OR "mặt trời" '
              'OR "khuyến nông" OR "nhân giống" OR "phục tráng" '
              'OR "thủy canh" OR "nuôi cấy mô" OR "tưới nhỏ giọt" OR "ghép mắt" '
              'OR "phòng trừ" OR "hẹn giờ" '
              'OR "biogas" OR "phun sương" '
              'OR "nghịch vụ" OR "lót bạt" OR "bể bạt" OR "gieo thử" OR "bao trái" '
              'OR "cấy thử" OR "trồng thử" OR "ruồi lính đen" OR "đối chứng" '
              'OR "xử lý ra hoa" OR "tự hành" OR "ủ chua" OR "lọc sinh học" OR "nấm đối kháng" '
              'OR "phun mưa" OR "ghép thử" OR "đợt thử nghiệm" '
              '-"tôn vinh" -"gọi vốn" -"giải pháp đạt giải" -"trao giải hội thi" -"chợ công nghệ" '
              '-"phản biện" -"khởi công nhà máy" -"tưới máu" -"gạch không nung" '
              '-"cuộc thi khoa học kỹ thuật" -"thủy phân" -"bơm nhiệt" -"máy tách" '
              '-"khối u" -"máy rửa" -"tin học trẻ" -"nút mạch"'},
)
"""The default topics (README, "Search and topic feeds"), written as a user would write them."""


def builtin_topics() -> list[Topic]:
    return parse_topic_entries(list(BUILTIN_TOPIC_ENTRIES), source="<built-in topics>")


def parse_topic_entries(entries: object, *, source: str) -> list[Topic]:
    """Validate the ``[[topics]]`` array of tables."""
    if not isinstance(entries, list):
        raise ConfigError(f"must be an array of tables ([[topics]]), got {entries!r}",
                          source=source, key="topics")
    topics: list[Topic] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries):
        where = f"topics[{number}]"
        if not isinstance(entry, Mapping):
            raise ConfigError(f"must be a table, got {entry!r}", source=source, key=where)
        topic = _topic(entry, source, where)
        if topic.id in seen:
            raise ConfigError(f"duplicate topic id {topic.id!r}", source=source, key=f"{where}.id")
        seen.add(topic.id)
        topics.append(topic)
    return topics


def _topic(entry: Mapping[str, Any], source: str, where: str) -> Topic:
    for key in entry:
        if key not in _KEYS:
            raise ConfigError(f"unknown key (expected one of {', '.join(_KEYS)})",
                              source=source, key=f"{where}.{key}")
    values = {}
    for key in ("id", "name", "query"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"required, a non-empty string; got {value!r}", source=source,
                              key=f"{where}.{key}")
        values[key] = value.strip()
    if not _ID.match(values["id"]):
        raise ConfigError(f"must match [a-z0-9-]+, got {values['id']!r}", source=source,
                          key=f"{where}.id")
    try:
        query = parse_query(values["query"])
    except QuerySyntaxError as exc:
        raise ConfigError(str(exc), source=source, key=f"{where}.query") from None
    provinces = _strings(entry, "provinces", source, where)
    for slug in provinces:
        if slug not in PROVINCES:
            raise ConfigError(f"unknown province slug {slug!r} (see `aggregator sites "
                              "--coverage` for the 34 current units)", source=source,
                              key=f"{where}.provinces")
    kinds = _strings(entry, "kinds", source, where)
    for kind in kinds:
        if kind not in SITE_KINDS:
            raise ConfigError(f"unknown kind {kind!r} (expected {' or '.join(SITE_KINDS)})",
                              source=source, key=f"{where}.kinds")
    return Topic(values["id"], values["name"], values["query"], query, provinces, kinds)


def _strings(entry: Mapping[str, Any], key: str, source: str, where: str) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"must be a list of strings, got {value!r}", source=source,
                          key=f"{where}.{key}")
    return tuple(dict.fromkeys(value))


def merge_topics(builtin: Sequence[Topic], configured: Sequence[Topic]) -> list[Topic]:
    """Built-in topics in order, those with a configured id replaced, then the others."""
    mine = {topic.id: topic for topic in configured}
    merged = [mine.pop(topic.id, topic) for topic in builtin]
    return merged + list(mine.values())
